package io.tributary.dist.durability;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An HTTP endpoint on a given port that answers 204 to every request and keeps each body. */
final class CountingHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<String> bodies = new ArrayList<>();

    private CountingHttpServer(HttpServer server) {
        this.server = server;
    }

    static CountingHttpServer start(int port) throws IOException {
        CountingHttpServer s = new CountingHttpServer(HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200));
        s.server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                synchronized (s.bodies) {
                    s.bodies.add(body);
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        s.server.setExecutor(s.executor);
        s.server.start();
        return s;
    }

    /** Bodies received so far, in arrival order (with repeats). */
    List<String> bodies() {
        synchronized (bodies) {
            return new ArrayList<>(bodies);
        }
    }

    int count() {
        synchronized (bodies) {
            return bodies.size();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
