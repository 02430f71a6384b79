package io.tributary.admin.ui.dashboard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.AdminJson;
import io.tributary.admin.dashboard.Dashboard;
import io.tributary.admin.dashboard.DashboardView;
import io.tributary.admin.ui.Templates;
import io.tributary.admin.ui.Ui;

import java.util.Map;

/**
 * The dashboard ({@code /}, the landing page): broker throughput and connections, integrations by
 * state with their rates and backlog, backpressure, recent errors. htmx replaces the live part
 * every {@value Dashboard#SAMPLE_SECONDS} seconds from {@code /dashboard/live}; the chart script
 * takes the new series from it.
 */
public final class DashboardPage {
    private final Dashboard dashboard;
    private final Templates templates;
    private final Ui ui;

    public DashboardPage(Dashboard dashboard, Templates templates, Ui ui) {
        this.dashboard = dashboard;
        this.templates = templates;
        this.ui = ui;
    }

    public void register(RoutesConfig routes) {
        routes.get("/", this::page);
        routes.get("/dashboard/live", this::live);
    }

    private void page(Context ctx) {
        DashboardView view = dashboard.view();
        templates.html(ctx, "dashboard/dashboard.jte", Map.of(
                "chrome", ui.chrome(ctx, "Dashboard", "dashboard"),
                "view", view,
                "series", seriesJson(view)));
    }

    private void live(Context ctx) {
        DashboardView view = dashboard.view();
        templates.html(ctx, "dashboard/live.jte", Map.of("view", view, "series", seriesJson(view)));
    }

    /** uPlot's columns: {@code [[times], [in/s], [out/s]]}. */
    static String seriesJson(DashboardView view) {
        DashboardView.Series s = view.series();
        return AdminJson.MAPPER.writeValueAsString(new Object[]{s.time(), s.receivedPerSecond(), s.sentPerSecond()});
    }
}
