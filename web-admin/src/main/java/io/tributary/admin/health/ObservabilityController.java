package io.tributary.admin.health;

import io.javalin.config.RoutesConfig;
import io.tributary.health.HealthReport;
import io.tributary.metrics.PlatformMetrics;

import java.util.function.Supplier;

/**
 * {@code GET /metrics} (the Prometheus text format), {@code GET /health/live} and
 * {@code GET /health/ready} on the admin port. Who may call them is the
 * {@link io.tributary.admin.auth.AccessFilter}'s business: health always public, metrics
 * public unless {@code metrics.auth=true}.
 */
public final class ObservabilityController {
    private final Supplier<String> scrape;
    private final Supplier<HealthReport> readiness;

    /**
     * @param scrape    all meters in the Prometheus text format ({@link PlatformMetrics#scrape})
     * @param readiness the readiness report of the platform
     */
    public ObservabilityController(Supplier<String> scrape, Supplier<HealthReport> readiness) {
        this.scrape = scrape;
        this.readiness = readiness;
    }

    public void register(RoutesConfig routes) {
        routes.get("/metrics", ctx -> ctx.header("Cache-Control", "no-store")
                .contentType(PlatformMetrics.contentType()).result(scrape.get()));
        routes.get("/health/live", ctx -> ctx.header("Cache-Control", "no-store")
                .contentType("application/json").result(HealthReport.LIVE_JSON));
        routes.get("/health/ready", ctx -> {
            HealthReport report = readiness.get();
            ctx.header("Cache-Control", "no-store").status(report.httpStatus())
                    .contentType("application/json").result(report.toJson());
        });
    }
}
