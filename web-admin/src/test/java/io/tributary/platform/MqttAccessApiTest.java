package io.tributary.platform;

import io.tributary.admin.Api;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /api/mqtt/users and /api/mqtt/acl on the real platform: field errors, duplicates, no password
 * hash in any answer, rules that take effect for a real MQTT client at once, the test endpoint,
 * and both surviving a restart (SQLite).
 */
class MqttAccessApiTest {
    @TempDir
    Path dir;
    RunningPlatform p;

    @BeforeEach
    void start() throws Exception {
        p = RunningPlatform.start(dir, Map.of("auth.anonymous", "false", "auth.acl.default", "deny"));
    }

    @AfterEach
    void stop() throws Exception {
        if (p != null) {
            p.close();
        }
    }

    @Test
    void usersAreCreatedListedChangedAndDeletedWithoutEverShowingAHash() throws Exception {
        Api.Response created = p.api.post("/api/mqtt/users",
                Map.of("username", "sensor-1", "password", "first-password", "clientIdPattern", "%u*"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("username").asString()).isEqualTo("sensor-1");
        assertThat(created.json().get("hasPassword").asBoolean()).isTrue();
        assertThat(created.json().get("lastConnectTime").isNull()).isTrue();

        assertThat(connect("sensor-1", "first-password", "sensor-1-a")).isZero();
        Api.Response list = p.api.get("/api/mqtt/users");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get(0).get("lastConnectTime").asLong()).isPositive();
        for (Api.Response r : List.of(created, list, p.api.get("/api/mqtt/users/sensor-1"))) {
            assertThat(r.body()).doesNotContain("pbkdf2").doesNotContain("first-password").doesNotContain("Hash\"");
        }

        Api.Response changed = p.api.put("/api/mqtt/users/sensor-1", Map.of("password", "second-password"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(connect("sensor-1", "first-password", "sensor-1-b"))
                .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        assertThat(connect("sensor-1", "second-password", "sensor-1-c")).isZero();
        assertThat(connect("sensor-1", "second-password", "other")).as("client id pattern")
                .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);

        assertThat(p.api.put("/api/mqtt/users/sensor-1", Map.of("enabled", false)).json().get("enabled").asBoolean())
                .isFalse();
        assertThat(connect("sensor-1", "second-password", "sensor-1-d")).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);

        assertThat(p.api.delete("/api/mqtt/users/sensor-1").status()).isEqualTo(204);
        assertThat(p.api.get("/api/mqtt/users/sensor-1").status()).isEqualTo(404);
        assertThat(p.api.delete("/api/mqtt/users/sensor-1").status()).isEqualTo(404);
    }

    @Test
    void badUsersGetFieldErrorsAndDuplicatesAConflict() {
        Api.Response bad = p.api.post("/api/mqtt/users", Map.of("username", "a/b", "password", "short",
                "clientIdPattern", ""));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(fields(bad)).containsExactly("username", "password", "clientIdPattern");
        assertThat(bad.body()).doesNotContain("short");

        Map<String, Object> wrongTypes = new LinkedHashMap<>();
        wrongTypes.put("username", 42);
        wrongTypes.put("enabled", "yes");
        assertThat(fields(p.api.post("/api/mqtt/users", wrongTypes))).containsExactly("username", "enabled");
        assertThat(fields(p.api.post("/api/mqtt/users", Map.of()))).containsExactly("username");
        assertThat(p.api.post("/api/mqtt/users", "{not json").status()).isEqualTo(400);

        assertThat(p.api.post("/api/mqtt/users", Map.of("username", "dup", "password", "long-enough")).status())
                .isEqualTo(201);
        Api.Response dup = p.api.post("/api/mqtt/users", Map.of("username", "dup", "password", "long-enough"));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.json().get("message").asString()).contains("exists already");
        assertThat(p.api.put("/api/mqtt/users/nobody", Map.of("enabled", true)).status()).isEqualTo(404);
    }

    @Test
    void aclRulesAreManagedTestedAndEnforcedAtOnce() throws Exception {
        p.api.post("/api/mqtt/users", Map.of("username", "alice", "password", "alice-password"));
        Api.Response open = p.api.post("/api/mqtt/acl", Map.of("effect", "allow", "action", "all",
                "topic", "users/%u/#"));
        assertThat(open.status()).as(open.toString()).isEqualTo(201);
        long openId = open.json().get("id").asLong();
        Api.Response deny = p.api.post("/api/mqtt/acl", Map.of("effect", "deny", "action", "publish",
                "username", "alice", "topic", "users/alice/locked", "position", 0));
        assertThat(deny.json().get("position").asInt()).isZero();
        long denyId = deny.json().get("id").asLong();

        JsonNode list = p.api.get("/api/mqtt/acl").json();
        assertThat(list.get("default").asString()).isEqualTo("deny");
        assertThat(list.get("rules").valueStream().map(r -> r.get("id").asLong()).toList())
                .containsExactly(denyId, openId);

        JsonNode t = test("alice", "c1", "publish", "users/alice/locked");
        assertThat(t.get("allowed").asBoolean()).isFalse();
        assertThat(t.get("rule").get("id").asLong()).isEqualTo(denyId);
        t = test("alice", "c1", "subscribe", "users/alice/#");
        assertThat(t.get("allowed").asBoolean()).isTrue();
        assertThat(t.get("rule").get("topic").asString()).isEqualTo("users/%u/#");
        t = test("bob", "c1", "subscribe", "users/alice/#");
        assertThat(t.get("allowed").asBoolean()).isFalse();
        assertThat(t.get("decidedBy").asString()).isEqualTo("default");

        // a real client sees the rule as soon as the API answered
        MqttClient alice = client("alice", "alice-password", "alice-c");
        try {
            assertThat(alice.subscribeWithResponse(new String[]{"users/alice/#", "users/bob/#"}, new int[]{1, 1})
                    .getGrantedQos()).containsExactly(1, 0x80);
            Api.Response reordered = p.api.put("/api/mqtt/acl/order", Map.of("ids", List.of(openId, denyId)));
            assertThat(reordered.status()).as(reordered.toString()).isEqualTo(200);
            assertThat(test("alice", "c1", "publish", "users/alice/locked").get("allowed").asBoolean()).isTrue();
            Api.Response updated = p.api.put("/api/mqtt/acl/" + openId, Map.of("effect", "allow", "action",
                    "publish", "topic", "users/%u/#"));
            assertThat(updated.json().get("action").asString()).isEqualTo("publish");
            assertThat(p.platform.broker().core().sessions().get("alice-c").subscriptions())
                    .as("the subscribe permission is gone, and so is the subscription").isEmpty();
        } finally {
            alice.disconnectForcibly(0, 100, false);
            alice.close(true);
        }
        assertThat(p.api.delete("/api/mqtt/acl/" + denyId).status()).isEqualTo(204);
        assertThat(p.api.delete("/api/mqtt/acl/" + denyId).status()).isEqualTo(404);
    }

    @Test
    void badRulesAndTestsGetFieldErrors() {
        assertThat(fields(p.api.post("/api/mqtt/acl", Map.of("effect", "permit", "action", "read", "topic", "a/#/b"))))
                .containsExactly("effect", "action", "topic");
        assertThat(fields(p.api.post("/api/mqtt/acl", Map.of("effect", "allow", "action", "all", "topic", "a",
                "position", -1)))).containsExactly("position");
        assertThat(fields(p.api.put("/api/mqtt/acl/order", Map.of("ids", List.of(1, 2))))).containsExactly("ids");
        assertThat(fields(p.api.post("/api/mqtt/acl/test", Map.of("action", "publish", "topic", "a/+"))))
                .containsExactly("topic");
        assertThat(fields(p.api.post("/api/mqtt/acl/test", Map.of("action", "delete", "topic", "a"))))
                .containsExactly("action");
        assertThat(p.api.put("/api/mqtt/acl/77", Map.of("effect", "allow", "action", "all", "topic", "a")).status())
                .isEqualTo(404);
        assertThat(p.api.get("/api/mqtt/acl/x").status()).isEqualTo(400);
    }

    @Test
    void usersAndRulesSurviveARestart() throws Exception {
        p.api.post("/api/mqtt/users", Map.of("username", "kept", "password", "kept-password"));
        p.api.post("/api/mqtt/acl", Map.of("effect", "allow", "action", "all", "topic", "kept/#"));
        p.close();
        p = RunningPlatform.start(dir, Map.of("auth.anonymous", "false", "auth.acl.default", "deny"));
        assertThat(p.api.get("/api/mqtt/acl").json().get("rules").get(0).get("topic").asString()).isEqualTo("kept/#");
        assertThat(connect("kept", "kept-password", "k1")).isZero();
    }

    private JsonNode test(String user, String clientId, String action, String topic) {
        Api.Response r = p.api.post("/api/mqtt/acl/test", Map.of("username", user, "clientId", clientId,
                "action", action, "topic", topic));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static List<String> fields(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        return r.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList();
    }

    private MqttClient client(String user, String password, String clientId) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + p.platform.broker().tcpPort(), clientId,
                new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        c.connect(o);
        return c;
    }

    private int connect(String user, String password, String clientId) throws MqttException {
        try {
            MqttClient c = client(user, password, clientId);
            c.disconnect();
            c.close();
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }
}
