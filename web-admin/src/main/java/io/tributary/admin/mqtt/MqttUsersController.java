package io.tributary.admin.mqtt;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.AdminJson;
import io.tributary.broker.auth.MqttUsers;

/**
 * {@code /api/mqtt/users}: list (with last connect time, never a hash), create, change password,
 * enable or disable, client id pattern, delete. Thin over {@link MqttUsers}; a change that takes
 * rights away closes the user's live connections.
 */
public final class MqttUsersController {
    private final MqttUsers users;

    public MqttUsersController(MqttUsers users) {
        this.users = users;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/mqtt/users", ctx -> ctx.json(users.list().stream().map(MqttUserView::of).toList()));
        routes.post("/api/mqtt/users", this::create);
        routes.get("/api/mqtt/users/{username}", ctx -> ctx.json(MqttUserView.of(users.view(ctx.pathParam("username")))));
        routes.put("/api/mqtt/users/{username}", this::update);
        routes.delete("/api/mqtt/users/{username}", ctx -> {
            users.delete(ctx.pathParam("username"));
            ctx.status(204);
        });
    }

    private void create(Context ctx) {
        JsonFields f = new JsonFields(AdminJson.bodyObject(ctx));
        String username = f.text("username");
        String password = f.text("password");
        Boolean enabled = f.bool("enabled");
        String pattern = f.text("clientIdPattern");
        f.require("username", username);
        f.check();
        ctx.status(201).json(MqttUserView.of(users.create(username, password, enabled, pattern)));
    }

    private void update(Context ctx) {
        JsonFields f = new JsonFields(AdminJson.bodyObject(ctx));
        String password = f.text("password");
        Boolean enabled = f.bool("enabled");
        String pattern = f.text("clientIdPattern");
        f.check();
        ctx.json(MqttUserView.of(users.update(ctx.pathParam("username"), password, enabled, pattern)));
    }
}
