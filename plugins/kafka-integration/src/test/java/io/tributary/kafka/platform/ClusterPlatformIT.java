package io.tributary.kafka.platform;

import io.tributary.kafka.TestCluster;
import io.tributary.storage.TestPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A cluster of three platforms in one JVM, each loading the packaged plugin: node A only a broker
 * (accepts MQTT, appends to the integration's internal topic, PUBACK after acks=all), nodes B and
 * C only executors (no MQTT listener; they share the internal topic's partitions and deliver to
 * the destination topic). Configuration is shared over PostgreSQL. Counted message by message:
 * every PUBACKed message reaches the destination.
 */
class ClusterPlatformIT {
    private static final int CLIENTS = 8;
    private static final int PER_CLIENT = 100;

    @TempDir
    Path dir;
    private TestCluster kafka;
    private final List<PlatformWithKafkaPlugin> nodes = new ArrayList<>();
    /** Every node of a cluster has the same secret key: they share the stored secrets. */
    private final String secretKey = Base64.getEncoder().encodeToString(
            new java.security.SecureRandom().generateSeed(32));

    @BeforeEach
    void start() throws Exception {
        kafka = TestCluster.plain();
    }

    @AfterEach
    void stop() throws Exception {
        for (PlatformWithKafkaPlugin n : nodes) {
            n.close();
        }
        kafka.close();
    }

    private PlatformWithKafkaPlugin node(String id, String roles, String storageUrl) throws Exception {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("node.id", id);
        cfg.put("node.roles", roles);
        cfg.put("storage.url", storageUrl);
        cfg.put("storage.user", "postgres");
        cfg.put("secret.key", secretKey);
        cfg.put("storage.sync-interval-ms", "100");
        cfg.put("cluster.kafka.bootstrap-servers", kafka.bootstrap());
        cfg.put("cluster.kafka.partitions", "4");
        cfg.put("cluster.kafka.replication-factor", "1");
        cfg.put("cluster.heartbeat-interval-ms", "500");
        PlatformWithKafkaPlugin node = new PlatformWithKafkaPlugin(dir.resolve(id), cfg);
        nodes.add(node);
        return node;
    }

    @Test
    void everyMessageABrokerOnlyNodeAcknowledgedIsDeliveredByTheTwoExecutors() throws Exception {
        String db = TestPostgres.get().newDatabase();
        PlatformWithKafkaPlugin a = node("node-a", "broker", db);
        PlatformWithKafkaPlugin b = node("node-b", "executor", db);
        PlatformWithKafkaPlugin c = node("node-c", "executor", db);
        assertThat(b.platform().broker().tcpPort()).as("an executor opens no MQTT listener").isEqualTo(-1);
        kafka.createTopic("cluster.out", 1);

        String id = a.create("""
                {"name": "to kafka", "type": "KAFKA",
                 "configuration": {"topicFilters": ["tbmq/#"],
                   "clientConfiguration": {"bootstrapServers": "%s", "topic": "cluster.out",
                     "sendOnlyMsgPayload": true},
                   "metadata": {}}}""".formatted(kafka.bootstrap()));
        assertThat(a.status(id)).as("the broker node does not deliver").isEqualTo("DISABLED");
        await().atMost(Duration.ofSeconds(30)).until(() -> b.status(id).equals("ACTIVE") && c.status(id).equals("ACTIVE"));

        Set<String> acknowledged = new HashSet<>();
        List<MqttClient> devices = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            MqttClient device = new MqttClient(a.mqttUri(), "device-" + i, new MemoryPersistence());
            device.connect(new MqttConnectOptions());
            devices.add(device);
        }
        for (int n = 0; n < PER_CLIENT; n++) {
            for (int i = 0; i < CLIENTS; i++) {
                String body = "device-" + i + ":" + n;
                // returns after the PUBACK
                devices.get(i).publish("tbmq/device-" + i, body.getBytes(StandardCharsets.UTF_8), 1, false);
                acknowledged.add(body);
            }
        }
        for (MqttClient d : devices) {
            d.disconnect();
            d.close();
        }

        int total = CLIENTS * PER_CLIENT;
        List<ConsumerRecord<byte[], byte[]>> out = kafka.consume("cluster.out", total, Duration.ofSeconds(60));
        Set<String> delivered = new HashSet<>();
        Map<String, List<Integer>> order = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : out) {
            String body = new String(r.value(), StandardCharsets.UTF_8);
            delivered.add(body);
            String[] parts = body.split(":");
            order.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(delivered);
        assertThat(acknowledged).hasSize(total);
        assertThat(lost).as("PUBACKed but not delivered").isEmpty();
        System.out.printf("cluster: %d acknowledged, %d delivered, %d duplicates%n", total, out.size(),
                out.size() - delivered.size());

        long byB = succeeded(b, id);
        long byC = succeeded(c, id);
        assertThat(byB).as("node B delivered a share").isPositive();
        assertThat(byC).as("node C delivered a share").isPositive();
        assertThat(byB + byC).isGreaterThanOrEqualTo(total);
        assertThat(succeeded(a, id)).isZero();
        order.values().forEach(seqs -> assertThat(seqs).as("one client's messages in order").isSorted());

        // which executor reads which partition: split between B and C, and shown by every node's registry
        List<Integer> ofB = b.platform().runtime().partitions(id);
        List<Integer> ofC = c.platform().runtime().partitions(id);
        assertThat(ofB).as("B reads some partitions").isNotEmpty();
        assertThat(ofC).as("C reads some partitions").isNotEmpty();
        Set<Integer> all = new HashSet<>(ofB);
        all.addAll(ofC);
        assertThat(all).as("together all four, none twice").containsExactlyInAnyOrder(0, 1, 2, 3)
                .hasSize(ofB.size() + ofC.size());
        assertThat(a.platform().runtime().partitions(id)).as("a broker-only node reads none").isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, List<Integer>> seenByA = new HashMap<>();
            a.platform().nodes().nodes().forEach(n -> n.row().health().integrations().stream()
                    .filter(i -> i.id().equals(id))
                    .forEach(i -> seenByA.put(n.row().nodeId(), i.partitions())));
            assertThat(seenByA).containsEntry("node-b", ofB).containsEntry("node-c", ofC);
        });
    }

    @Test
    void anUnknownClusterKeyIsRefusedNamingIt() {
        assertThatThrownBy(() -> new PlatformWithKafkaPlugin(dir.resolve("bad"), Map.of(
                "cluster.kafka.bootstrap-servers", kafka.bootstrap(), "cluster.kafka.partitons", "4")))
                .hasMessageContaining("cluster.kafka.partitons");
        assertThatThrownBy(() -> new PlatformWithKafkaPlugin(dir.resolve("bad2"), Map.of(
                "cluster.other.thing", "1")))
                .hasMessageContaining("cluster.other.thing");
    }

    private static long succeeded(PlatformWithKafkaPlugin node, String id) throws Exception {
        JsonNode stats = node.get(id).get("statistics");
        return stats == null ? 0 : stats.get("succeeded").asLong();
    }
}
