package io.tributary.admin.deadletters;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.AdminJson;
import io.tributary.admin.QueryParams;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.deadletter.DeadLetterService;
import io.tributary.integration.deadletter.DeadLetterService.ReplayResult;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/integrations/{id}/dead-letters}: list (newest first, paged by id), replay into the
 * integration's log, purge. Thin over {@link DeadLetterService}; 404 for an unknown integration.
 */
public final class DeadLettersController {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final IntegrationService service;
    private final DeadLetterService deadLetters;

    public DeadLettersController(IntegrationService service, DeadLetterService deadLetters) {
        this.service = service;
        this.deadLetters = deadLetters;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/integrations/{id}/dead-letters", this::list);
        routes.post("/api/integrations/{id}/dead-letters/replay", this::replay);
        routes.post("/api/integrations/{id}/dead-letters/purge", this::purge);
    }

    private void list(Context ctx) {
        String id = existing(ctx);
        int limit = (int) QueryParams.number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        long before = QueryParams.number(ctx, "before", 0, 1, Long.MAX_VALUE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", deadLetters.count(id));
        body.put("items", deadLetters.list(id, limit, before).stream().map(DeadLetterView::of).toList());
        ctx.json(body);
    }

    private void replay(Context ctx) {
        String id = existing(ctx);
        ReplayResult r = DeadLetterSelection.fromJson(AdminJson.bodyObject(ctx)).replay(deadLetters, id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("replayed", r.replayed());
        body.put("remaining", r.remaining());
        body.put("logFull", r.logFull());
        ctx.json(body);
    }

    private void purge(Context ctx) {
        String id = existing(ctx);
        int purged = DeadLetterSelection.fromJson(AdminJson.bodyObject(ctx)).purge(deadLetters, id);
        ctx.json(Map.of("purged", purged));
    }

    /** The integration's id; 404 when there is none. */
    private String existing(Context ctx) {
        String id = ctx.pathParam("id");
        service.get(id);
        return id;
    }
}
