package io.tributary.admin.ui.integrations;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.ui.Templates;
import io.tributary.admin.ui.Ui;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.QueuedMessagesException;
import io.tributary.integration.deadletter.DeadLetterService;
import io.tributary.integration.runtime.IntegrationRuntime;
import io.tributary.plugin.host.InstalledType;
import io.tributary.plugin.host.PluginCatalog;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The integrations table ({@code /integrations}): refreshes itself every few seconds (htmx polls
 * {@code /integrations/rows}); enable/disable and restart answer with the fresh rows. Delete goes
 * through a confirmation page that says how many queued messages and dead letters it discards,
 * counted when it is shown.
 */
public final class IntegrationsPage {
    private final IntegrationService service;
    private final IntegrationRuntime runtime;
    private final DeadLetterService deadLetters;
    private final PluginCatalog catalog;
    private final Templates templates;
    private final Ui ui;

    public IntegrationsPage(IntegrationService service, IntegrationRuntime runtime, DeadLetterService deadLetters,
                            PluginCatalog catalog, Templates templates, Ui ui) {
        this.service = service;
        this.runtime = runtime;
        this.deadLetters = deadLetters;
        this.catalog = catalog;
        this.templates = templates;
        this.ui = ui;
    }

    public void register(RoutesConfig routes) {
        routes.get("/integrations", this::page);
        routes.get("/integrations/rows", this::rows);
        routes.post("/integrations/{id}/enable", ctx -> act(ctx, service::enable, "enabled"));
        routes.post("/integrations/{id}/disable", ctx -> act(ctx, service::disable, "disabled"));
        routes.post("/integrations/{id}/restart", ctx -> act(ctx, service::restart, "restarted"));
        routes.get("/integrations/{id}/delete", this::confirmDelete);
        routes.post("/integrations/{id}/delete", this::delete);
    }

    List<IntegrationRow> rows() {
        return service.list().stream().map(this::row).toList();
    }

    IntegrationRow row(IntegrationDefinition d) {
        String typeName = catalog.type(d.type()).map(InstalledType::displayName).orElse(d.type());
        return IntegrationRow.of(d, typeName, runtime, deadLetters.count(d.id()));
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
            String referer = ctx.header("Referer");
            Ui.redirect(ctx, referer != null && referer.contains("/integrations/" + id) ? "/integrations/" + id
                    : "/integrations", "Integration '" + name + "' " + done + ".");
        }
    }

    /** The confirmation, with what deleting discards counted now. */
    private void confirmDelete(Context ctx) {
        IntegrationDefinition d = service.get(ctx.pathParam("id"));
        templates.html(ctx, "integrations/delete.jte", Map.of(
                "chrome", ui.chrome(ctx, "Delete " + d.name(), "integrations"),
                "row", row(d)));
    }

    /**
     * Deletes once confirmed ({@code discardQueued=true}, sent by the confirmation page); without
     * the confirmation an integration with queued messages goes to the confirmation page instead.
     */
    private void delete(Context ctx) {
        String id = ctx.pathParam("id");
        IntegrationDefinition d = service.get(id);
        boolean confirmed = "true".equals(ctx.formParam("discardQueued"));
        long discarded;
        try {
            discarded = service.delete(id, confirmed);
        } catch (QueuedMessagesException e) {
            Ui.redirect(ctx, "/integrations/" + id + "/delete", null);
            return;
        }
        Ui.redirect(ctx, "/integrations", "Integration '" + d.name() + "' deleted"
                + (discarded > 0 ? "; " + discarded + " queued message" + (discarded == 1 ? "" : "s")
                + " discarded." : "."));
    }
}
