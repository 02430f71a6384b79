package io.tributary.admin.integrations;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.AdminJson;
import io.tributary.admin.QueryParams;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.QueuedMessagesException;
import io.tributary.integration.deadletter.DeadLetterService;
import io.tributary.integration.runtime.IntegrationRuntime;
import io.tributary.integration.runtime.StatisticsSnapshot;
import io.tributary.integration.runtime.StatusView;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/integrations}: CRUD, enable/disable/restart; thin over {@link IntegrationService}. */
public final class IntegrationsController {
    private static final boolean ENABLED_BY_DEFAULT = true;

    private final IntegrationService service;
    private final IntegrationRuntime runtime;
    private final DeadLetterService deadLetters;

    public IntegrationsController(IntegrationService service, IntegrationRuntime runtime,
                                  DeadLetterService deadLetters) {
        this.service = service;
        this.runtime = runtime;
        this.deadLetters = deadLetters;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/integrations", ctx -> ctx.json(service.list().stream().map(this::view).toList()));
        routes.post("/api/integrations", this::create);
        routes.get("/api/integrations/{id}", ctx -> ctx.json(view(service.get(ctx.pathParam("id")))));
        routes.put("/api/integrations/{id}", this::update);
        routes.delete("/api/integrations/{id}", this::delete);
        routes.post("/api/integrations/{id}/enable", ctx -> ctx.json(view(service.enable(ctx.pathParam("id")))));
        routes.post("/api/integrations/{id}/disable", ctx -> ctx.json(view(service.disable(ctx.pathParam("id")))));
        routes.post("/api/integrations/{id}/restart", ctx -> {
            String id = ctx.pathParam("id");
            service.restart(id);
            ctx.json(view(service.get(id)));
        });
    }

    private void create(Context ctx) {
        IntegrationRequest request = IntegrationRequest.parse(AdminJson.bodyObject(ctx));
        ctx.status(201).json(view(service.create(request.enabledOr(ENABLED_BY_DEFAULT))));
    }

    private void update(Context ctx) {
        String id = ctx.pathParam("id");
        IntegrationDefinition current = service.get(id);
        IntegrationRequest request = IntegrationRequest.parse(AdminJson.bodyObject(ctx));
        // PUT without "enabled" leaves it as it is
        ctx.json(view(service.update(id, request.enabledOr(current.enabled()))));
    }

    /**
     * Deletes it with its log and dead letters: {@code 200 {"discardedMessages": n}}. While its log
     * holds messages, only with {@code ?discardQueued=true}; without, {@code 409} saying how many.
     */
    private void delete(Context ctx) {
        String id = ctx.pathParam("id");
        boolean discardQueued = QueryParams.bool(ctx, "discardQueued", false);
        IntegrationDefinition d = service.get(id);
        long letters = deadLetters.count(id);
        try {
            long discarded = service.delete(id, discardQueued);
            ctx.json(Map.of("discardedMessages", discarded));
        } catch (QueuedMessagesException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("message", "Integration '" + d.name() + "' has " + e.queued() + " queued message(s)"
                    + (letters > 0 ? " and " + letters + " dead letter(s)" : "") + " that deleting it discards; "
                    + "to delete it anyway, repeat with ?discardQueued=true");
            body.put("queued", e.queued());
            body.put("deadLetters", letters);
            ctx.status(409).json(body);
        }
    }

    private IntegrationView view(IntegrationDefinition d) {
        StatusView status = runtime.status(d.id());
        StatisticsSnapshot statistics = runtime.statistics(d.id());
        return IntegrationView.of(d, status == null ? StatusView.DISABLED : status,
                IntegrationStatisticsView.of(statistics == null ? StatisticsSnapshot.EMPTY : statistics,
                        deadLetters.count(d.id())));
    }
}
