package io.tributary.admin.ui.mqtt;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.mqtt.AclRuleView;
import io.tributary.admin.ui.Templates;
import io.tributary.admin.ui.Ui;
import io.tributary.broker.acl.AclRule;
import io.tributary.broker.acl.MqttAcl;
import io.tributary.broker.auth.AccessException;
import io.tributary.broker.auth.MqttUsers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The MQTT clients page ({@code /mqtt}): MQTT users (create, change password, enable, disable,
 * delete, last connect), the ordered ACL rules (add, move, delete) and a box that tests a topic
 * as a given user and client id. Plain forms, answered with a redirect (or the page with the
 * errors, 400).
 */
public final class MqttClientsPage {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final MqttUsers users;
    private final MqttAcl acl;
    private final Templates templates;
    private final Ui ui;

    /** A user row: never its hash. */
    public record UserRow(String username, boolean enabled, String clientIdPattern, boolean hasPassword,
                          String lastConnect, String created, String path) {
    }

    /** The test box: what was asked and, once asked, the answer. */
    public record TestBox(String username, String clientId, String action, String topic, String answer,
                          boolean allowed) {
        static final TestBox EMPTY = new TestBox("", "", "publish", "", null, false);
    }

    public MqttClientsPage(MqttUsers users, MqttAcl acl, Templates templates, Ui ui) {
        this.users = users;
        this.acl = acl;
        this.templates = templates;
        this.ui = ui;
    }

    public void register(RoutesConfig routes) {
        routes.get("/mqtt", ctx -> render(ctx, null, TestBox.EMPTY));
        routes.post("/mqtt/users", ctx -> act(ctx, () -> users.create(form(ctx, "username"), form(ctx, "password"),
                true, orDefault(form(ctx, "clientIdPattern"))), "MQTT user '" + form(ctx, "username") + "' created."));
        routes.post("/mqtt/users/{username}/password", ctx -> act(ctx, () -> users.update(ctx.pathParam("username"),
                required(ctx, "password"), null, null), "Password of '" + ctx.pathParam("username") + "' changed."));
        routes.post("/mqtt/users/{username}/enable", ctx -> act(ctx, () -> users.update(ctx.pathParam("username"),
                null, true, null), "MQTT user '" + ctx.pathParam("username") + "' enabled."));
        routes.post("/mqtt/users/{username}/disable", ctx -> act(ctx, () -> users.update(ctx.pathParam("username"),
                null, false, null), "MQTT user '" + ctx.pathParam("username") + "' disabled."));
        routes.post("/mqtt/users/{username}/delete", ctx -> act(ctx, () -> users.delete(ctx.pathParam("username")),
                "MQTT user '" + ctx.pathParam("username") + "' deleted."));
        routes.post("/mqtt/acl/test", this::test);
        routes.post("/mqtt/acl", ctx -> act(ctx, () -> acl.create(AclRule.parse(form(ctx, "effect"),
                form(ctx, "action"), form(ctx, "username"), form(ctx, "clientId"), form(ctx, "topic")), null),
                "ACL rule added."));
        routes.post("/mqtt/acl/{id}/up", ctx -> act(ctx, () -> move(ctx, -1), "ACL rule moved up."));
        routes.post("/mqtt/acl/{id}/down", ctx -> act(ctx, () -> move(ctx, 1), "ACL rule moved down."));
        routes.post("/mqtt/acl/{id}/delete", ctx -> act(ctx, () -> acl.delete(id(ctx)), "ACL rule deleted."));
    }

    private void render(Context ctx, AccessException error, TestBox test) {
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", ui.chrome(ctx, "MQTT clients", "mqtt"));
        model.put("users", users.list().stream().map(u -> new UserRow(u.username(), u.enabled(), u.clientIdPattern(),
                u.hasPassword(), u.lastConnectTime() > 0 ? TIME.format(Instant.ofEpochMilli(u.lastConnectTime()))
                : "never", TIME.format(Instant.ofEpochMilli(u.createdTime())), path(u.username()))).toList());
        List<AclRuleView> rules = new ArrayList<>();
        List<AclRule> current = acl.rules();
        for (int i = 0; i < current.size(); i++) {
            rules.add(AclRuleView.of(current.get(i), i));
        }
        model.put("rules", rules);
        model.put("defaultAllow", acl.defaultAllow());
        model.put("minPassword", MqttUsers.MIN_PASSWORD_LENGTH);
        model.put("error", error == null ? null : error.kind() == AccessException.Kind.INVALID
                ? error.errors().stream().map(e -> e.field() + " " + e.message()).toList() : List.of(error.getMessage()));
        model.put("test", test);
        if (error != null) {
            ctx.status(error.kind() == AccessException.Kind.NOT_FOUND ? 404
                    : error.kind() == AccessException.Kind.CONFLICT ? 409 : 400);
        }
        templates.html(ctx, "mqtt/clients.jte", model);
    }

    private void act(Context ctx, Runnable action, String done) {
        try {
            action.run();
            Ui.redirect(ctx, "/mqtt", done);
        } catch (AccessException e) {
            render(ctx, e, TestBox.EMPTY);
        }
    }

    private void test(Context ctx) {
        String user = form(ctx, "username");
        String clientId = form(ctx, "clientId");
        String action = form(ctx, "action") == null ? "publish" : form(ctx, "action");
        String topic = form(ctx, "topic") == null ? "" : form(ctx, "topic");
        AclRule.Action a = "subscribe".equals(action) ? AclRule.Action.SUBSCRIBE : AclRule.Action.PUBLISH;
        if (!MqttAcl.validTestTopic(a, topic)) {
            render(ctx, AccessException.invalid("topic", a == AclRule.Action.PUBLISH
                    ? "must be a topic name (no wildcards)" : "must be a valid topic filter"),
                    new TestBox(nz(user), nz(clientId), action, topic, null, false));
            return;
        }
        MqttAcl.TestResult r = acl.test(user, clientId, a, topic);
        String who = (user == null ? "An anonymous client" : "User '" + user + "'")
                + (clientId == null ? "" : " with client id '" + clientId + "'");
        String verb = a == AclRule.Action.PUBLISH ? "publish to" : "subscribe to";
        String how = switch (r.grant()) {
            case GRANTED -> "may " + verb;
            case PER_TOPIC -> "may " + verb + " (each message checked: a deny rule covers part of it)";
            case DENIED -> "may not " + verb;
        };
        String by = r.rule() == null ? "the default (" + (acl.defaultAllow() ? "allow" : "deny") + ")"
                : "rule #" + (acl.rules().indexOf(r.rule()) + 1) + " (" + r.rule().effect().name().toLowerCase(Locale.ROOT)
                + " " + r.rule().topic() + ")";
        render(ctx, null, new TestBox(nz(user), nz(clientId), action, topic,
                who + " " + how + " '" + topic + "': decided by " + by + ".", r.allowed()));
    }

    private void move(Context ctx, int by) {
        long id = id(ctx);
        List<AclRule> rules = acl.rules();
        int at = rules.indexOf(acl.rule(id));
        acl.update(id, acl.rule(id), Math.max(0, at + by));
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw AccessException.notFound("ACL rule " + ctx.pathParam("id") + " not found");
        }
    }

    private static String form(Context ctx, String name) {
        String v = ctx.formParam(name);
        return v == null || v.isBlank() ? null : v;
    }

    private static String required(Context ctx, String name) {
        String v = form(ctx, name);
        if (v == null) {
            throw AccessException.invalid(name, "is required");
        }
        return v;
    }

    private static String orDefault(String pattern) {
        return pattern == null ? "*" : pattern;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** The user's page path segment, URL-encoded. */
    private static String path(String username) {
        return "/mqtt/users/" + URLEncoder.encode(username, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
