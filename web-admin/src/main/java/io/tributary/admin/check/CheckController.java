package io.tributary.admin.check;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.AdminJson;
import io.tributary.admin.BadRequestException;
import io.tributary.admin.integrations.IntegrationRequest;
import io.tributary.integration.check.ConnectionCheck;
import tools.jackson.databind.JsonNode;

/**
 * Adapts HTTP to platform-core's {@link ConnectionCheck}. {@code POST /api/integrations/check}: body = an integration (as for create or update, with its
 * {@code id} to reuse stored secrets) plus an optional {@code "sample": {"topic", "payload"}};
 * answers {@code {"steps": [{name, ok, detail}], "sampleRecord": {...}}}, or 400 with the same
 * field errors a save would give.
 */
public final class CheckController {
    private final ConnectionCheck check;

    public CheckController(ConnectionCheck check) {
        this.check = check;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/integrations/check", this::check);
    }

    private void check(Context ctx) {
        JsonNode body = AdminJson.bodyObject(ctx);
        ConnectionCheck.Sample sample = sample(body.get("sample"));
        ctx.json(check.run(IntegrationRequest.parse(body).definition(), sample));
    }

    private static ConnectionCheck.Sample sample(JsonNode node) {
        if (node == null || node.isNull()) {
            return ConnectionCheck.Sample.DEFAULT;
        }
        if (!node.isObject()) {
            throw new BadRequestException("sample must be an object with topic and payload");
        }
        JsonNode topic = node.get("topic");
        JsonNode payload = node.get("payload");
        return new ConnectionCheck.Sample(topic == null || topic.isNull() ? null : topic.asString(),
                payload == null || payload.isNull() ? null : payload.isString() ? payload.asString()
                        : payload.toString());
    }
}
