package io.tributary.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.health.HealthReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The separate metrics port ({@code metrics.port}): {@code GET /metrics}, {@code /health/live} and
 * {@code /health/ready}, nothing else. The JDK's own HTTP server: no dependency, a few
 * milliseconds to start, so the platform binds it first and closes it last, and a probe sees
 * "not ready" (503) through all of start-up and shutdown instead of a refused connection, even
 * with the admin off ({@code admin.port=-1}).
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private static final String CHALLENGE = "Basic realm=\"Tributary admin\", charset=\"UTF-8\"";

    /** Decides whether a scrape may see {@code /metrics} when {@code metrics.auth=true}. */
    @FunctionalInterface
    public interface ScrapeAccess {
        /**
         * @param authorization the request's {@code Authorization} header, or {@code null}
         * @param remoteAddress the client's address (for login throttling)
         */
        boolean allowed(String authorization, String remoteAddress);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final PlatformMetrics metrics;
    private final Supplier<HealthReport> readiness;
    private final boolean authRequired;
    /** Checks credentials once the admin is up; {@code null} until then (scrapes get 401). */
    private volatile ScrapeAccess access;

    private MetricsServer(HttpServer server, PlatformMetrics metrics, Supplier<HealthReport> readiness,
                          boolean authRequired) {
        this.server = server;
        this.metrics = metrics;
        this.readiness = readiness;
        this.authRequired = authRequired;
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Binds and starts serving.
     *
     * @param authRequired {@code metrics.auth}: {@code /metrics} needs credentials (see {@link #access})
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static MetricsServer start(String bind, int port, PlatformMetrics metrics, Supplier<HealthReport> readiness,
                                      boolean authRequired) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(bind, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the metrics port " + bind + ":" + port, e);
        }
        MetricsServer server = new MetricsServer(http, metrics, readiness, authRequired);
        http.start();
        log.info("Metrics and health listening on http://{}:{}/metrics", bind, server.port());
        return server;
    }

    /** Who may scrape when {@code metrics.auth=true} (the admin's credentials); set when the admin starts. */
    public void access(ScrapeAccess check) {
        this.access = check;
    }

    /** The port bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "Method not allowed\n");
                return;
            }
            switch (path) {
                case "/metrics" -> scrape(exchange);
                case "/health/live" -> send(exchange, 200, "application/json", HealthReport.LIVE_JSON);
                case "/health/ready" -> {
                    HealthReport report = readiness.get();
                    send(exchange, report.httpStatus(), "application/json", report.toJson());
                }
                default -> send(exchange, 404, "text/plain; charset=utf-8",
                        "Not found: this port serves /metrics, /health/live and /health/ready\n");
            }
        } catch (RuntimeException e) {
            log.warn("Metrics port request failed: {}", e.toString());
        }
    }

    private void scrape(HttpExchange exchange) throws IOException {
        if (authRequired) {
            ScrapeAccess check = access;
            String remote = exchange.getRemoteAddress().getAddress().getHostAddress();
            if (check == null || !check.allowed(exchange.getRequestHeaders().getFirst("Authorization"), remote)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", CHALLENGE);
                send(exchange, 401, "text/plain; charset=utf-8", "authentication required (metrics.auth=true)\n");
                return;
            }
        }
        send(exchange, 200, PlatformMetrics.contentType(), metrics.scrape());
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
