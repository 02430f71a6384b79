package io.tributary.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.tributary.broker.auth.AccessException;
import io.tributary.integration.IntegrationStateException;
import io.tributary.integration.NotFoundException;
import io.tributary.integration.QueuedMessagesException;
import io.tributary.integration.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Maps exceptions to the API's error shapes: {@code {"message": "..."}} for most, and
 * {@code {"errors": [{"field", "message"}]}} for validation. Request bodies are never echoed.
 * Outside {@code /api} (the UI's pages) errors are rendered as HTML by a {@link PageErrors}.
 */
final class ApiErrors {
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    /** Renders an error for a UI page. */
    interface PageErrors {
        void render(Context ctx, int status, String message);
    }

    private final PageErrors pages;

    private ApiErrors(PageErrors pages) {
        this.pages = pages;
    }

    /** @param pages renders errors of UI pages, or {@code null} to answer JSON everywhere */
    static void register(RoutesConfig routes, PageErrors pages) {
        ApiErrors errors = new ApiErrors(pages);
        routes.exception(ValidationException.class, (e, ctx) -> ctx.status(400).json(Map.of("errors",
                e.errors().stream().map(f -> Map.of("field", f.field(), "message", f.message())).toList())));
        routes.exception(BadRequestException.class, (e, ctx) -> errors.message(ctx, 400, e.getMessage()));
        routes.exception(AccessException.class, (e, ctx) -> {
            switch (e.kind()) {
                case INVALID -> ctx.status(400).json(Map.of("errors", e.errors().stream()
                        .map(f -> Map.of("field", f.field(), "message", f.message())).toList()));
                case NOT_FOUND -> errors.message(ctx, 404, e.getMessage());
                case CONFLICT -> errors.message(ctx, 409, e.getMessage());
            }
        });
        routes.exception(NotFoundException.class, (e, ctx) -> errors.message(ctx, 404, e.getMessage()));
        routes.exception(IntegrationStateException.class, (e, ctx) -> errors.message(ctx, 409, e.getMessage()));
        // the delete route answers this itself, with the counts; anything else that throws it is a 409 too
        routes.exception(QueuedMessagesException.class, (e, ctx) -> errors.message(ctx, 409, e.getMessage()));
        // Javalin's own responses: 401 from the auth filter, 404 for unknown routes, 405...
        routes.exception(HttpResponseException.class, (e, ctx) -> errors.message(ctx, e.getStatus(), e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            errors.message(ctx, 500, "internal error");
        });
    }

    private void message(Context ctx, int status, String message) {
        String path = ctx.path();
        boolean api = path.equals("/api") || path.startsWith("/api/");
        if (api || pages == null) {
            ctx.status(status).json(Map.of("message", message == null ? "" : message));
        } else if (status >= 300 && status < 400) {
            ctx.status(status).result(""); // the Location header is already set
        } else {
            pages.render(ctx, status, message);
        }
    }
}
