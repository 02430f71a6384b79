package io.tributary.dist.durability;

import io.tributary.storage.TestPostgres;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14: two installations (separate JVMs, both roles, no shared log) on one PostgreSQL. What
 * one node is told through its admin API takes effect on the other (an MQTT user, an ACL rule), a
 * client id connecting to node 2 takes the connection over from node 1, and node 2's
 * {@code /api/cluster} shows node 1 up, then down after it was killed with kill -9.
 */
class ClusterNodesIT {
    private static final String USER = "device";
    private static final String PASSWORD = "device-secret-1";

    @Test
    void twoNodesShareUsersAclsAndClientIdsAndSeeEachOtherGoDown() throws Exception {
        String db = TestPostgres.get().newDatabase();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> common = Map.of(
                "storage.url", db, "storage.user", "postgres", "storage.sync-interval-ms", "200",
                "secret.key", Base64.getEncoder().encodeToString(key),
                "auth.anonymous", "false",
                // down after 3 missed heartbeats: 3 s, not 15
                "cluster.heartbeat-interval-ms", "1000");
        try (Installation one = Installation.unpack("node-1", common);
             Installation two = Installation.unpack("node-2", common)) {
            one.start();
            two.start();

            // (b) a user created on node 1 can connect to node 2; an ACL rule made on node 1 applies on node 2
            assertThat(connectCode(two.mqttPort(), "probe-0")).as("unknown user refused on node 2")
                    .isIn(0x86, 0x87);
            one.admin().post("/api/mqtt/users", Map.of("username", USER, "password", PASSWORD));
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                    .until(() -> connectCode(two.mqttPort(), "probe-1") == 0);
            try (Client x = Client.connect(two.mqttPort(), "acl-probe")) {
                assertThat(x.publish("secret/a")).as("publish before the rule").isZero();
                one.admin().post("/api/mqtt/acl", Map.of("effect", "deny", "action", "publish",
                        "username", USER, "topic", "secret/#"));
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                        .until(() -> x.publish("secret/a") == 0x87);
                assertThat(x.publish("open/a")).as("a topic the rule does not name").isZero();
            }

            // (a) the same client id on node 2 takes the connection over from node 1
            try (Client x1 = Client.connect(one.mqttPort(), "hopper")) {
                long t0 = System.nanoTime();
                try (Client x2 = Client.connect(two.mqttPort(), "hopper")) {
                    Integer reason = x1.disconnected.get(10, TimeUnit.SECONDS);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertThat(reason).as("DISCONNECT reason on node 1").isEqualTo(0x8E);
                    assertThat(ms).as("taken over within a few seconds").isLessThan(5_000);
                    Thread.sleep(1_000);
                    assertThat(x2.client.isConnected()).as("the newer connection stays").isTrue();
                    assertThat(x2.disconnected).isNotDone();
                    Tally.record(String.format("cluster nodes: client id taken over across nodes in %d ms", ms));
                }
            }

            // (c) node 2's view of the cluster: both up, then node 1 down after kill -9
            JsonNode view = two.admin().cluster();
            assertThat(status(view, "node-1")).isEqualTo("up");
            assertThat(status(view, "node-2")).isEqualTo("up");
            assertThat(view.get("totals").get("up").asInt()).isEqualTo(2);
            one.kill9();
            long killed = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(status(two.admin().cluster(), "node-1")).isEqualTo("down"));
            JsonNode after = two.admin().cluster();
            assertThat(status(after, "node-2")).isEqualTo("up");
            assertThat(after.get("totals").get("down").asInt()).isEqualTo(1);
            Tally.record(String.format("cluster nodes: node killed with kill -9 shown down on the other after %.1f s",
                    (System.nanoTime() - killed) / 1e9));
        }
    }

    private static String status(JsonNode view, String nodeId) {
        for (JsonNode n : view.get("nodes")) {
            if (n.get("nodeId").asString().equals(nodeId)) {
                return n.get("status").asString();
            }
        }
        return "absent";
    }

    /** CONNACK reason of a connect as {@link #USER}: 0 when accepted (then disconnected again). */
    private static int connectCode(int port, String clientId) {
        try (Client c = Client.connect(port, clientId)) {
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Paho MQTT 5 client logged in as {@link #USER}, remembering the reason of a DISCONNECT from the server. */
    private static final class Client implements AutoCloseable {
        final MqttAsyncClient client;
        final CompletableFuture<Integer> disconnected = new CompletableFuture<>();

        private Client(MqttAsyncClient client) {
            this.client = client;
        }

        static Client connect(int port, String clientId) throws MqttException {
            MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
            Client client = new Client(c);
            c.setCallback(new MqttCallback() {
                @Override
                public void disconnected(MqttDisconnectResponse response) {
                    client.disconnected.complete(response.getReturnCode());
                }

                @Override
                public void mqttErrorOccurred(MqttException exception) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                }
            });
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setUserName(USER);
            o.setPassword(PASSWORD.getBytes(StandardCharsets.UTF_8));
            o.setConnectionTimeout(5);
            try {
                c.connect(o).waitForCompletion(10_000);
            } catch (MqttException e) {
                c.close(true);
                throw e;
            }
            return client;
        }

        /** A QoS 1 publish; the PUBACK's reason code (0 success, 0x87 not authorized). */
        int publish(String topic) throws MqttException {
            IMqttToken t;
            try {
                t = client.publish(topic, "x".getBytes(StandardCharsets.US_ASCII), 1, false);
                t.waitForCompletion(10_000);
            } catch (MqttException e) {
                return e.getReasonCode();
            }
            int[] codes = t.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        }

        @Override
        public void close() throws MqttException {
            try {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(5_000);
                }
            } finally {
                client.close(true);
            }
        }
    }
}
