package io.tributary.kafka.platform;

import io.tributary.kafka.TestCluster;
import io.tributary.storage.TestPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster's durability promise when a Kafka broker goes away: three brokers, every topic on
 * all three with two in sync needed, a broker-only node and an executor-only node with the packaged
 * plugin on one PostgreSQL. Eight QoS 1 publishers keep publishing while a broker leading internal
 * partitions of the integration (and the destination's partition when it does) stops; every message
 * that got its PUBACK, before or after, reaches the destination topic, each client's in order.
 * Duplicates are allowed (at least once) and printed.
 */
class KafkaReplicaLossIT {
    private static final int CLIENTS = 8;
    private static final int BROKERS = 3;
    private static final String OUT = "replica-loss.out";

    @TempDir
    Path dir;
    private TestCluster kafka;
    private final List<PlatformWithKafkaPlugin> nodes = new ArrayList<>();
    private final String secretKey = Base64.getEncoder().encodeToString(
            new java.security.SecureRandom().generateSeed(32));
    private volatile boolean publishing = true;
    /** Set once the broker has stopped: publishes begun after it count as "after the loss". */
    private volatile boolean brokerLost;

    @BeforeEach
    void start() throws Exception {
        kafka = TestCluster.replicated(BROKERS);
    }

    @AfterEach
    void stop() throws Exception {
        publishing = false;
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
        cfg.put("cluster.kafka.replication-factor", String.valueOf(BROKERS));
        cfg.put("cluster.heartbeat-interval-ms", "500");
        PlatformWithKafkaPlugin node = new PlatformWithKafkaPlugin(dir.resolve(id), cfg);
        nodes.add(node);
        return node;
    }

    /** One device publishing "client:sequence" one at a time, keeping what was acknowledged. */
    private final class Publisher extends Thread {
        final String clientId;
        private final MqttClient client;
        /** Sequences that got their PUBACK, in order. */
        final List<Integer> acknowledged = new CopyOnWriteArrayList<>();
        volatile int sent;
        volatile int ackedAfterLoss;
        volatile int unacknowledged;
        volatile Exception stoppedBy;

        Publisher(String clientId, String uri) throws MqttException {
            super("publisher-" + clientId);
            this.clientId = clientId;
            this.client = new MqttClient(uri, clientId, new MemoryPersistence());
            // no PUBACK within this: counted as not acknowledged (not expected downstream)
            client.setTimeToWait(30_000);
            client.connect(new MqttConnectOptions());
        }

        @Override
        public void run() {
            try {
                for (int n = 0; publishing; n++) {
                    boolean afterLoss = brokerLost;
                    sent = n + 1;
                    try {
                        // returns after the PUBACK
                        client.publish("tbmq/" + clientId, (clientId + ":" + n).getBytes(StandardCharsets.UTF_8), 1, false);
                    } catch (MqttException e) {
                        unacknowledged++;
                        if (!client.isConnected()) {
                            stoppedBy = e;
                            return;
                        }
                        continue;
                    }
                    acknowledged.add(n);
                    if (afterLoss) {
                        ackedAfterLoss++;
                    }
                }
            } finally {
                try {
                    if (client.isConnected()) {
                        client.disconnect();
                    }
                    client.close();
                } catch (MqttException e) {
                    // the test's figures are taken already
                }
            }
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyAcknowledgedMessageIsDeliveredWhenAKafkaBrokerStopsMidStream() throws Exception {
        String db = TestPostgres.get().newDatabase();
        PlatformWithKafkaPlugin a = node("node-a", "broker", db);
        PlatformWithKafkaPlugin b = node("node-b", "executor", db);
        kafka.createTopic(OUT, 1, (short) BROKERS);

        // retries (the seed's default is 0) make the destination's producer idempotent: a send to the
        // stopped leader is retried by the producer in order, not failed and retried by the platform
        // after later messages went through (reordered; see "Order per integration is best effort")
        String id = a.create("""
                {"name": "to kafka", "type": "KAFKA",
                 "configuration": {"topicFilters": ["tbmq/#"],
                   "clientConfiguration": {"bootstrapServers": "%s", "topic": "%s",
                     "retries": 2147483647, "sendOnlyMsgPayload": true},
                   "metadata": {}}}""".formatted(kafka.bootstrap(), OUT));
        await().atMost(Duration.ofSeconds(30)).until(() -> b.status(id).equals("ACTIVE"));
        Set<String> internal = kafka.topics("tributary.integration.");
        assertThat(internal).as("the integration's internal topic").hasSize(1);
        String topic = internal.iterator().next();

        List<Publisher> publishers = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            publishers.add(new Publisher("device-" + i, a.mqttUri()));
        }
        publishers.forEach(Thread::start);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                publishers.stream().allMatch(p -> p.acknowledged.size() >= 100));

        // the destination's leader when it leads internal partitions too (both paths lose a leader),
        // else the broker leading most internal partitions
        Map<Integer, Integer> leaders = kafka.leaders(topic);
        int destinationLeader = kafka.leaders(OUT).get(0);
        int victim = leaders.values().stream().distinct()
                .max(Comparator.<Integer, Boolean>comparing(broker -> broker == destinationLeader)
                        .thenComparingLong(broker -> leaders.values().stream().filter(broker::equals).count()))
                .orElseThrow();
        Set<Integer> led = new TreeSet<>();
        leaders.forEach((partition, leader) -> {
            if (leader == victim) {
                led.add(partition);
            }
        });
        int ackedBefore = publishers.stream().mapToInt(p -> p.acknowledged.size()).sum();
        long stopStart = System.nanoTime();
        kafka.stopBroker(victim);
        long stopMillis = Duration.ofNanos(System.nanoTime() - stopStart).toMillis();
        brokerLost = true;
        Map<Integer, Integer> leadersAfter = kafka.leaders(topic);
        Thread.sleep(5_000);
        publishing = false;
        for (Publisher p : publishers) {
            p.join(60_000);
            assertThat(p.isAlive()).as(p.clientId + " stopped").isFalse();
        }

        // expected: every acknowledged "client:sequence"
        Set<String> expected = new HashSet<>();
        for (Publisher p : publishers) {
            p.acknowledged.forEach(n -> expected.add(p.clientId + ":" + n));
        }
        Set<String> delivered = new HashSet<>();
        Map<String, List<Integer>> firstArrivals = new HashMap<>();
        int[] read = {0};
        List<ConsumerRecord<byte[], byte[]>> out = kafka.consumeUntil(OUT, records -> {
            for (; read[0] < records.size(); read[0]++) {
                String body = new String(records.get(read[0]).value(), StandardCharsets.UTF_8);
                if (delivered.add(body)) {
                    String[] parts = body.split(":");
                    firstArrivals.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
                }
            }
            return delivered.containsAll(expected);
        }, Duration.ofSeconds(60));

        Set<String> lost = new TreeSet<>(expected);
        lost.removeAll(delivered);
        int sent = publishers.stream().mapToInt(p -> p.sent).sum();
        int afterLoss = publishers.stream().mapToInt(p -> p.ackedAfterLoss).sum();
        int unacknowledged = publishers.stream().mapToInt(p -> p.unacknowledged).sum();
        JsonNode stats = b.get(id).get("statistics");
        System.out.printf("replica loss: broker %d of %d stopped in %d ms, it led partitions %s of %s "
                        + "(leaders before %s, after %s; destination leader was %d); %d clients sent %d, "
                        + "acknowledged %d (%d before the stop, %d published after it), no PUBACK %d, "
                        + "records in %s %d, lost %d, duplicates %d; executor statistics %s%n",
                victim, BROKERS, stopMillis, led, topic, leaders, leadersAfter, destinationLeader, CLIENTS, sent,
                expected.size(), ackedBefore, afterLoss, unacknowledged, OUT, out.size(), lost.size(),
                out.size() - delivered.size(), stats);

        assertThat(led).as("the stopped broker led internal partitions").isNotEmpty();
        assertThat(leadersAfter.values()).as("its partitions have new leaders").doesNotContain(victim, -1);
        for (Publisher p : publishers) {
            assertThat(p.stoppedBy).as(p.clientId + " stayed connected").isNull();
            assertThat(p.ackedAfterLoss).as(p.clientId + " acknowledged after the broker stopped").isPositive();
        }
        assertThat(lost).as("PUBACKed but not delivered (%d of %d)", lost.size(), expected.size()).isEmpty();
        firstArrivals.forEach((client, seqs) -> assertThat(seqs).as(client + "'s messages in order").isSorted());
    }
}
