package io.tributary.admin.ui.integrations;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.ui.Templates;
import io.tributary.admin.ui.Ui;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.runtime.IntegrationRuntime;
import io.tributary.plugin.host.InstalledType;
import io.tributary.plugin.host.PluginCatalog;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The integrations table ({@code /integrations}): refreshes itself every few seconds (htmx polls
 * {@code /integrations/rows}); enable/disable, restart and delete answer with the fresh rows.
 */
public final class IntegrationsPage {
    private final IntegrationService service;
    private final IntegrationRuntime runtime;
    private final PluginCatalog catalog;
    private final Templates templates;
    private final Ui ui;

    public IntegrationsPage(IntegrationService service, IntegrationRuntime runtime, PluginCatalog catalog,
                            Templates templates, Ui ui) {
        this.service = service;
        this.runtime = runtime;
        this.catalog = catalog;
        this.templates = templates;
        this.ui = ui;
    }

    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.redirect("/integrations"));
        routes.get("/integrations", this::page);
        routes.get("/integrations/rows", this::rows);
        routes.post("/integrations/{id}/enable", ctx -> act(ctx, service::enable, "enabled"));
        routes.post("/integrations/{id}/disable", ctx -> act(ctx, service::disable, "disabled"));
        routes.post("/integrations/{id}/restart", ctx -> act(ctx, service::restart, "restarted"));
        routes.post("/integrations/{id}/delete", ctx -> act(ctx, service::delete, "deleted"));
    }

    List<IntegrationRow> rows() {
        return service.list().stream().map(this::row).toList();
    }

    IntegrationRow row(IntegrationDefinition d) {
        String typeName = catalog.type(d.type()).map(InstalledType::displayName).orElse(d.type());
        return IntegrationRow.of(d, typeName, runtime);
    }

    private void page(Context ctx) {
        templates.html(ctx, "integrations/list.jte", Map.of(
                "chrome", ui.chrome(ctx, "Integrations", "integrations"),
                "rows", rows(),
                "typesInstalled", !catalog.types().isEmpty()));
    }

    private void rows(Context ctx) {
        templates.html(ctx, "integrations/rows.jte", Map.of("rows", rows()));
    }

    private void act(Context ctx, Consumer<String> action, String done) {
        String id = ctx.pathParam("id");
        String name = service.get(id).name();
        action.accept(id);
        if (ctx.header("HX-Request") != null) {
            rows(ctx);
        } else {
            Ui.redirect(ctx, "delete".equals(lastSegment(ctx)) ? "/integrations" : ctx.header("Referer") != null
                    && ctx.header("Referer").contains("/integrations/" + id) ? "/integrations/" + id : "/integrations",
                    "Integration '" + name + "' " + done + ".");
        }
    }

    private static String lastSegment(Context ctx) {
        String path = ctx.path();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
