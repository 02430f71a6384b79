package io.tributary.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's own HTTP(S) server on a free local port, recording every request and answering as
 * the test says (200 by default).
 */
public final class TestServer implements AutoCloseable {
    /** One received request. Header names are lower case; repeated headers joined with ",". */
    public record Received(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** What to answer: status, body, and how long to wait first. */
    public record Answer(int status, String body, Duration delay) {
        public static Answer status(int status) {
            return new Answer(status, "", Duration.ZERO);
        }

        public static Answer status(int status, String body) {
            return new Answer(status, body, Duration.ZERO);
        }

        public static Answer slow(Duration delay) {
            return new Answer(200, "", delay);
        }
    }

    private final HttpServer server;
    /** Threads named so that thread-leak checks can tell them from the plugin's. */
    public static final String THREAD_PREFIX = "test-server-";
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecutorService executor = Executors.newCachedThreadPool(
            r -> {
                Thread t = new Thread(r, THREAD_PREFIX + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile Answer answer = Answer.status(200);
    private volatile List<String> echoed = List.of();

    private TestServer(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Plain HTTP on 127.0.0.1. */
    public static TestServer http() throws IOException {
        return new TestServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    /** HTTPS on 127.0.0.1 with {@code tls} (a key and certificate). */
    public static TestServer https(SSLContext tls) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new TestServer(s);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port><path>} (https for an HTTPS server). */
    public String url(String path) {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port() + path;
    }

    /** Answers every following request so (and stops echoing headers). */
    public TestServer answer(Answer a) {
        this.answer = a;
        this.echoed = List.of();
        return this;
    }

    /** Answers with these request headers in the body, as echo services do (to prove secrets are masked). */
    public TestServer echoHeaders(String... names) {
        this.echoed = List.of(names);
        return this;
    }

    /** The next request received within {@code within}; fails the test if none. */
    public Received take(Duration within) throws InterruptedException {
        Received r = received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no request within " + within.toMillis() + " ms");
        }
        return r;
    }

    public List<Received> drain() {
        List<Received> out = new java.util.ArrayList<>();
        received.drainTo(out);
        return out;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // chosen before the request is visible to the test, which may change it once it sees the request
            Answer a = answer;
            List<String> echoNames = echoed;
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                    headers, body));
            if (!a.delay().isZero()) {
                Thread.sleep(a.delay().toMillis());
            }
            StringBuilder echo = new StringBuilder();
            for (String name : echoNames) {
                echo.append(name).append('=').append(headers.get(name.toLowerCase())).append("; ");
            }
            byte[] out = (echoNames.isEmpty() ? a.body() : echo.toString()).getBytes(StandardCharsets.UTF_8);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(a.status(), head || out.length == 0 ? -1 : out.length);
            if (!head && out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
