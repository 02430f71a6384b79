package io.tributary.admin.integrations;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.BadRequestException;
import io.tributary.admin.QueryParams;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.events.EventSink;
import io.tributary.integration.events.EventType;
import io.tributary.integration.events.IntegrationEvent;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/integrations/{id}/events?type=&limit=&before=&from=}: newest first, one page
 * ({@code {"data": [...], "hasNext": bool}}); the next page is {@code before=<time of the last event>}.
 */
public final class IntegrationEventsController {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final IntegrationService service;
    private final EventSink events;

    public IntegrationEventsController(IntegrationService service, EventSink events) {
        this.service = service;
        this.events = events;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/integrations/{id}/events", this::list);
    }

    private void list(Context ctx) {
        String id = ctx.pathParam("id");
        service.get(id); // 404 for an unknown integration
        EventType type = type(ctx.queryParam("type"));
        int limit = (int) QueryParams.number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        long before = QueryParams.number(ctx, "before", Long.MAX_VALUE, 0, Long.MAX_VALUE);
        long from = QueryParams.number(ctx, "from", 0, 0, Long.MAX_VALUE);
        List<IntegrationEvent> page = events.list(id, type, from, before, limit + 1);
        boolean hasNext = page.size() > limit;
        ctx.json(Map.of("data", hasNext ? page.subList(0, limit) : page, "hasNext", hasNext));
    }

    private static EventType type(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return EventType.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("type must be one of LIFECYCLE, STATISTICS, ERROR");
        }
    }
}
