package io.tributary.admin.integrations;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.AdminJson;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.runtime.IntegrationRuntime;
import io.tributary.integration.runtime.StatisticsSnapshot;
import io.tributary.integration.runtime.StatusView;

/** {@code /api/integrations}: CRUD, enable/disable/restart; thin over {@link IntegrationService}. */
public final class IntegrationsController {
    private static final boolean ENABLED_BY_DEFAULT = true;

    private final IntegrationService service;
    private final IntegrationRuntime runtime;

    public IntegrationsController(IntegrationService service, IntegrationRuntime runtime) {
        this.service = service;
        this.runtime = runtime;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/integrations", ctx -> ctx.json(service.list().stream().map(this::view).toList()));
        routes.post("/api/integrations", this::create);
        routes.get("/api/integrations/{id}", ctx -> ctx.json(view(service.get(ctx.pathParam("id")))));
        routes.put("/api/integrations/{id}", this::update);
        routes.delete("/api/integrations/{id}", ctx -> {
            service.delete(ctx.pathParam("id"));
            ctx.status(204);
        });
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

    private IntegrationView view(IntegrationDefinition d) {
        StatusView status = runtime.status(d.id());
        StatisticsSnapshot statistics = runtime.statistics(d.id());
        return IntegrationView.of(d, status == null ? StatusView.DISABLED : status,
                statistics == null ? StatisticsSnapshot.EMPTY : statistics);
    }
}
