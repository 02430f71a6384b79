package io.tributary.admin.dashboard;

import io.javalin.config.RoutesConfig;

/** {@code GET /api/dashboard}: the dashboard's figures as JSON ({@link DashboardView}). */
public final class DashboardController {
    private final Dashboard dashboard;

    public DashboardController(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/dashboard", ctx -> ctx.json(dashboard.view()));
    }
}
