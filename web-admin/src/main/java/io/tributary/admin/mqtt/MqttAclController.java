package io.tributary.admin.mqtt;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.AdminJson;
import io.tributary.admin.BadRequestException;
import io.tributary.broker.acl.AclRule;
import io.tributary.broker.acl.MqttAcl;
import io.tributary.broker.auth.AccessException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/mqtt/acl}: the ordered rules (list, create at a position, update, delete, reorder)
 * and {@code POST /api/mqtt/acl/test}, which says what a client may do and which rule decided.
 * Changes apply to the next PUBLISH or SUBSCRIBE and to existing subscriptions at once.
 */
public final class MqttAclController {
    private final MqttAcl acl;

    public MqttAclController(MqttAcl acl) {
        this.acl = acl;
    }

    public void register(RoutesConfig routes) {
        // fixed paths before /{id}
        routes.get("/api/mqtt/acl", ctx -> ctx.json(list()));
        routes.post("/api/mqtt/acl", this::create);
        routes.post("/api/mqtt/acl/test", this::test);
        routes.put("/api/mqtt/acl/order", this::reorder);
        routes.get("/api/mqtt/acl/{id}", ctx -> {
            long id = id(ctx);
            ctx.json(view(acl.rule(id)));
        });
        routes.put("/api/mqtt/acl/{id}", this::update);
        routes.delete("/api/mqtt/acl/{id}", ctx -> {
            acl.delete(id(ctx));
            ctx.status(204);
        });
    }

    private Map<String, Object> list() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("default", acl.defaultAllow() ? "allow" : "deny");
        body.put("rules", views(acl.rules()));
        return body;
    }

    private void create(Context ctx) {
        JsonFields f = new JsonFields(AdminJson.bodyObject(ctx));
        Integer position = f.position("position");
        AclRule rule = parse(f);
        ctx.status(201).json(view(acl.create(rule, position)));
    }

    private void update(Context ctx) {
        long id = id(ctx);
        JsonFields f = new JsonFields(AdminJson.bodyObject(ctx));
        Integer position = f.position("position");
        AclRule rule = parse(f);
        ctx.json(view(acl.update(id, rule, position)));
    }

    private void reorder(Context ctx) {
        JsonFields f = new JsonFields(AdminJson.bodyObject(ctx));
        List<Long> ids = f.ids("ids");
        f.check();
        acl.reorder(ids);
        ctx.json(list());
    }

    private void test(Context ctx) {
        JsonFields f = new JsonFields(AdminJson.bodyObject(ctx));
        String username = f.text("username");
        String clientId = f.text("clientId");
        String actionText = f.text("action");
        String topic = f.text("topic");
        f.require("action", actionText);
        f.require("topic", topic);
        f.check();
        List<AccessException.FieldError> errors = new ArrayList<>();
        AclRule.Action action = null;
        String a = actionText.trim().toLowerCase(Locale.ROOT);
        if (a.equals("publish") || a.equals("subscribe")) {
            action = AclRule.Action.valueOf(a.toUpperCase(Locale.ROOT));
        } else {
            errors.add(new AccessException.FieldError("action", "must be publish or subscribe"));
        }
        if (action != null && !MqttAcl.validTestTopic(action, topic)) {
            errors.add(new AccessException.FieldError("topic", action == AclRule.Action.PUBLISH
                    ? "must be a topic name (no wildcards)" : "must be a valid topic filter"));
        }
        if (!errors.isEmpty()) {
            throw AccessException.invalid(errors);
        }
        ctx.json(result(acl, acl.test(blankToNull(username), blankToNull(clientId), action, topic)));
    }

    /** The test answer: allowed, how (subscribe: all topics or checked per topic) and the deciding rule. */
    static Map<String, Object> result(MqttAcl acl, MqttAcl.TestResult r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("allowed", r.allowed());
        body.put("grant", r.grant().name().toLowerCase(Locale.ROOT));
        if (r.rule() == null) {
            body.put("decidedBy", "default");
            body.put("rule", null);
        } else {
            body.put("decidedBy", "rule");
            body.put("rule", view(acl.rules(), r.rule()));
        }
        return body;
    }

    private static AclRule parse(JsonFields f) {
        String effect = f.text("effect");
        String action = f.text("action");
        String username = f.text("username");
        String clientId = f.text("clientId");
        String topic = f.text("topic");
        f.check();
        return AclRule.parse(effect, action, username, clientId, topic);
    }

    private AclRuleView view(AclRule r) {
        return view(acl.rules(), r);
    }

    private static AclRuleView view(List<AclRule> rules, AclRule r) {
        int position = 0;
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).id() == r.id()) {
                position = i;
            }
        }
        return AclRuleView.of(r, position);
    }

    static List<AclRuleView> views(List<AclRule> rules) {
        List<AclRuleView> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            out.add(AclRuleView.of(rules.get(i), i));
        }
        return out;
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new BadRequestException("rule id must be a number");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
