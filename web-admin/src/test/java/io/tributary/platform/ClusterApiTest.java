package io.tributary.platform;

import io.tributary.admin.Api;
import io.tributary.storage.TestPostgres;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/cluster} on two real platforms sharing one PostgreSQL: either node lists both
 * with roles, health, endpoints and the integrations each runs, with their counters summed; a
 * stopped node is shown so and can then be removed, a running one cannot.
 */
class ClusterApiTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private RunningPlatform node(String name, String roles, String url) throws Exception {
        RunningPlatform p = RunningPlatform.start(dir.resolve(name), Map.of("node.id", "node-" + name,
                "node.roles", roles, "storage.url", url, "storage.user", "postgres",
                "secret.key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "integration.durability", "os",
                "cluster.heartbeat-interval-ms", "200"));
        open.add(p);
        return p;
    }

    private void publish(RunningPlatform node, String clientId, String topic, int count) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + node.platform.broker().tcpPort(), clientId,
                new MemoryPersistence());
        c.connect();
        for (int i = 0; i < count; i++) {
            c.publish(topic, "{}".getBytes(StandardCharsets.UTF_8), 1, false);
        }
        c.disconnect();
        c.close();
    }

    private static JsonNode cluster(RunningPlatform node) {
        Api.Response r = node.api.get("/api/cluster");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode byField(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.get(field).asString().equals(value)) {
                return n;
            }
        }
        throw new AssertionError(field + "=" + value + " not in " + array);
    }

    @Test
    void eitherNodeShowsTheWholeClusterWithMergedIntegrationCounters() throws Exception {
        String url = TestPostgres.get().newDatabase();
        RunningPlatform a = node("a", "broker,executor", url); // one role needs a shared log plugin, not here
        RunningPlatform b = node("b", "broker,executor", url);
        assertThat(a.api.as(null, null).get("/api/cluster").status()).as("needs the admin login").isEqualTo(401);

        String id = a.create("Shared sink", "ok", "plant/#");
        await().atMost(WITHIN).until(() -> "ACTIVE".equals(b.platform.runtime().status(id).status().name()));
        publish(a, "cluster-api-1", "plant/a", 3);
        publish(b, "cluster-api-2", "plant/b", 2);

        int adminA = a.platform.module(io.tributary.admin.AdminModule.class).port();
        await().atMost(WITHIN).untilAsserted(() -> {
            JsonNode view = cluster(b);
            assertThat(view.get("self").asString()).isEqualTo("node-b");
            assertThat(view.at("/totals/up").asInt()).isEqualTo(2);
            JsonNode nodeA = byField(view.get("nodes"), "nodeId", "node-a");
            assertThat(nodeA.get("status").asString()).isEqualTo("up");
            assertThat(nodeA.get("self").asBoolean()).isFalse();
            assertThat(nodeA.get("ready").asBoolean()).isTrue();
            assertThat(nodeA.get("roles").toString()).isEqualTo("[\"broker\",\"executor\"]");
            assertThat(nodeA.get("adminUrl").asString()).isEqualTo("http://127.0.0.1:" + adminA);
            assertThat(nodeA.get("mqttListeners").get(0).asString())
                    .isEqualTo("mqtt://127.0.0.1:" + a.platform.broker().tcpPort());
            assertThat(nodeA.get("lastSeenAgoMs").asLong()).isLessThan(5000);
            JsonNode nodeB = byField(view.get("nodes"), "nodeId", "node-b");
            assertThat(nodeB.get("self").asBoolean()).isTrue();
            assertThat(nodeB.get("roles").toString()).isEqualTo("[\"broker\",\"executor\"]");
            assertThat(byField(nodeB.get("integrations"), "id", id).get("delivered").asLong()).isEqualTo(2);

            JsonNode merged = byField(view.get("integrations"), "id", id);
            assertThat(merged.get("name").asString()).isEqualTo("Shared sink");
            assertThat(merged.get("delivered").asLong()).as("3 delivered by node-a, 2 by node-b").isEqualTo(5);
            assertThat(merged.get("nodes")).hasSize(2);
            assertThat(byField(merged.get("nodes"), "nodeId", "node-a").get("state").asString()).isEqualTo("ACTIVE");
            assertThat(byField(merged.get("nodes"), "nodeId", "node-a").get("partitions").toString())
                    .as("a local log has no partitions").isEqualTo("[]");
        });
        assertThat(cluster(a).get("self").asString()).isEqualTo("node-a");
        assertThat(cluster(a).get("nodes")).hasSize(2);

        Api.Response running = b.api.delete("/api/cluster/nodes/node-a");
        assertThat(running.status()).as(running.toString()).isEqualTo(409);
        assertThat(running.json().get("message").asString()).contains("up");
        a.close();
        open.remove(a);
        JsonNode stopped = byField(cluster(b).get("nodes"), "nodeId", "node-a");
        assertThat(stopped.get("status").asString()).isEqualTo("stopped");
        assertThat(stopped.get("connections").asLong()).isZero();
        assertThat(byField(cluster(b).get("integrations"), "id", id).get("nodes")).as("only nodes that are up").hasSize(1);

        assertThat(b.api.delete("/api/cluster/nodes/node-a").status()).isEqualTo(204);
        assertThat(cluster(b).get("nodes")).hasSize(1);
        assertThat(b.api.delete("/api/cluster/nodes/node-a").status()).isEqualTo(404);
    }
}
