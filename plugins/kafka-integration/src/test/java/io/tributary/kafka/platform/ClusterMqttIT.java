package io.tributary.kafka.platform;

import io.tributary.kafka.TestCluster;
import io.tributary.storage.TestPostgres;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two broker nodes in one JVM, each loading the packaged plugin, on one PostgreSQL and one KRaft
 * broker: an MQTT 5 client subscribed on node B receives what clients publish on node A, counted
 * message by message per QoS; a subscriber on A gets each message once (nothing comes back).
 */
class ClusterMqttIT {
    private static final int PER_QOS = 100;

    @TempDir
    Path dir;
    private TestCluster kafka;
    private final List<PlatformWithKafkaPlugin> nodes = new ArrayList<>();
    private final List<MqttClient> clients = new ArrayList<>();
    private final String secretKey = Base64.getEncoder().encodeToString(
            new java.security.SecureRandom().generateSeed(32));

    @BeforeEach
    void start() throws Exception {
        kafka = TestCluster.plain();
    }

    @AfterEach
    void stop() throws Exception {
        for (MqttClient c : clients) {
            try {
                c.disconnect();
            } catch (MqttException e) {
                // already gone
            }
            c.close();
        }
        for (PlatformWithKafkaPlugin n : nodes) {
            n.close();
        }
        kafka.close();
    }

    private PlatformWithKafkaPlugin node(String id, String storageUrl) throws Exception {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("node.id", id);
        cfg.put("storage.url", storageUrl);
        cfg.put("storage.user", "postgres");
        cfg.put("secret.key", secretKey);
        cfg.put("cluster.kafka.bootstrap-servers", kafka.bootstrap());
        cfg.put("cluster.kafka.partitions", "2");
        cfg.put("cluster.kafka.replication-factor", "1");
        PlatformWithKafkaPlugin node = new PlatformWithKafkaPlugin(dir.resolve(id), cfg);
        nodes.add(node);
        return node;
    }

    /** Received payloads, counted. */
    private static final class Counter implements MqttCallback {
        final ConcurrentMap<String, AtomicInteger> got = new ConcurrentHashMap<>();

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            got.computeIfAbsent(new String(message.getPayload(), StandardCharsets.UTF_8), k -> new AtomicInteger())
                    .incrementAndGet();
        }

        int count(String body) {
            AtomicInteger n = got.get(body);
            return n == null ? 0 : n.get();
        }

        @Override
        public void disconnected(MqttDisconnectResponse r) {
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
        }

        @Override
        public void deliveryComplete(IMqttToken t) {
        }

        @Override
        public void connectComplete(boolean reconnect, String uri) {
        }

        @Override
        public void authPacketArrived(int reason, MqttProperties p) {
        }
    }

    private MqttClient client(PlatformWithKafkaPlugin node, String id, Counter counter) throws Exception {
        MqttClient c = new MqttClient(node.mqttUri(), id, new MemoryPersistence());
        if (counter != null) {
            c.setCallback(counter);
        }
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o);
        clients.add(c);
        return c;
    }

    private static void publish(MqttClient c, String topic, String body, int qos) throws MqttException {
        MqttMessage m = new MqttMessage(body.getBytes(StandardCharsets.UTF_8));
        m.setQos(qos);
        c.publish(topic, m); // returns after the PUBACK / PUBCOMP for QoS 1 / 2
    }

    /** Publishes probes on A until one arrives on B; returns how long that took. */
    private static Duration untilForwarded(MqttClient publisher, Counter subscriber, String topic) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; ; i++) {
            String probe = "probe-" + topic + "-" + i;
            publish(publisher, topic, probe, 1);
            Thread.sleep(50);
            if (subscriber.got.keySet().stream().anyMatch(b -> b.startsWith("probe-" + topic + "-"))) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("forwarding to " + topic + " began")
                    .isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void aSubscriberOnNodeBReceivesWhatIsPublishedOnNodeAPerQos() throws Exception {
        String db = TestPostgres.get().newDatabase();
        PlatformWithKafkaPlugin a = node("node-a", db);
        PlatformWithKafkaPlugin b = node("node-b", db);
        Counter onB = new Counter();
        Counter onA = new Counter();
        client(b, "sub-b", onB).subscribe("plant/#", 2);
        client(a, "sub-a", onA).subscribe("plant/#", 2);
        MqttClient publisher = client(a, "pub-a", null);
        untilForwarded(publisher, onB, "plant/probe");

        for (int n = 0; n < PER_QOS; n++) {
            for (int qos = 0; qos <= 2; qos++) {
                publish(publisher, "plant/line-" + qos, "q" + qos + ":" + n, qos);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> onB.count("q2:" + (PER_QOS - 1)) > 0
                && onB.count("q1:" + (PER_QOS - 1)) > 0);
        Thread.sleep(500); // duplicates, if any, arrive meanwhile

        int q0 = 0;
        int q1Dup = 0;
        for (int n = 0; n < PER_QOS; n++) {
            assertThat(onB.count("q2:" + n)).as("QoS 2 message %d on node B", n).isEqualTo(1);
            assertThat(onB.count("q1:" + n)).as("QoS 1 message %d on node B", n).isGreaterThanOrEqualTo(1);
            q1Dup += onB.count("q1:" + n) - 1;
            q0 += onB.count("q0:" + n);
            assertThat(onB.count("q0:" + n)).as("QoS 0 message %d on node B", n).isLessThanOrEqualTo(1);
            for (int qos = 0; qos <= 2; qos++) {
                assertThat(onA.count("q" + qos + ":" + n)).as("message q%d:%d on node A", qos, n).isEqualTo(1);
            }
        }
        System.out.printf("node B got %d/%d QoS 2 (exactly once), %d/%d QoS 1 (+%d duplicates), %d/%d QoS 0%n",
                PER_QOS, PER_QOS, PER_QOS, PER_QOS, q1Dup, PER_QOS, q0, PER_QOS);
    }

    @Test
    void aLaterSubscriptionIsHonouredWithinASecondAndAnUnsubscribeStopsForwarding() throws Exception {
        String db = TestPostgres.get().newDatabase();
        PlatformWithKafkaPlugin a = node("node-a", db);
        PlatformWithKafkaPlugin b = node("node-b", db);
        Counter onB = new Counter();
        MqttClient subscriber = client(b, "sub-b", onB);
        MqttClient publisher = client(a, "pub-a", null);
        // the reader of node B's log is in its group before the timed subscription
        subscriber.subscribe("warmup/#", 1);
        untilForwarded(publisher, onB, "warmup/x");

        subscriber.subscribe("plant/late/#", 2);
        Duration took = untilForwarded(publisher, onB, "plant/late/x");
        System.out.println("a new subscription on node B got messages from node A after " + took.toMillis() + " ms");
        assertThat(took).isLessThan(Duration.ofMillis(1500));

        String nodeLog = "tributary.node.node-b";
        subscriber.unsubscribe("plant/late/#");
        subscriber.unsubscribe("warmup/#");
        Thread.sleep(1000); // both nodes' subscription sync (250 ms) ran
        int before = kafka.consume(nodeLog, Integer.MAX_VALUE, Duration.ofSeconds(2)).size();
        for (int n = 0; n < 20; n++) {
            publish(publisher, "plant/late/x", "after-unsubscribe-" + n, 1);
        }
        int after = kafka.consume(nodeLog, Integer.MAX_VALUE, Duration.ofSeconds(2)).size();
        assertThat(after).as("records appended to node B's log after the unsubscribe").isEqualTo(before);
        assertThat(onB.got.keySet()).noneMatch(k -> k.startsWith("after-unsubscribe"));
        assertThat(before).as("records forwarded while subscribed").isPositive();
    }

    /** Publishes probes on {@code publisher} until {@code receiver} got one from it. */
    private static void untilReceived(MqttClient publisher, Counter receiver, String tag) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; ; i++) {
            publish(publisher, "plant/probe", "probe-" + tag + "-" + i, 1);
            Thread.sleep(50);
            if (receiver.got.keySet().stream().anyMatch(b -> b.startsWith("probe-" + tag + "-"))) {
                return;
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("probes " + tag + " arrived")
                    .isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void aShareGroupWithMembersOnBothNodesGetsEachMessageOnceInTheCluster() throws Exception {
        String db = TestPostgres.get().newDatabase();
        PlatformWithKafkaPlugin a = node("node-a", db);
        PlatformWithKafkaPlugin b = node("node-b", db);
        Counter memberA = new Counter();
        Counter memberB = new Counter();
        client(a, "member-a", memberA).subscribe("$share/g/plant/#", 1);
        client(b, "member-b", memberB).subscribe("$share/g/plant/#", 1);
        MqttClient pubA = client(a, "pub-a", null);
        MqttClient pubB = client(b, "pub-b", null);
        // no plain subscriber yet: a probe crosses only once the publishing node knows the other's members
        untilReceived(pubA, memberB, "from-a");
        untilReceived(pubB, memberA, "from-b");
        Counter plainA = new Counter();
        Counter plainB = new Counter();
        client(a, "plain-a", plainA).subscribe("plant/#", 1);
        client(b, "plain-b", plainB).subscribe("plant/#", 1);
        untilReceived(pubA, plainB, "plain-from-a");
        untilReceived(pubB, plainA, "plain-from-b");

        for (int n = 0; n < PER_QOS; n++) {
            publish(pubA, "plant/line-a", "a:" + n, 1);
            publish(pubB, "plant/line-b", "b:" + n, 1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            int members = 0;
            for (int n = 0; n < PER_QOS; n++) {
                for (String from : List.of("a:", "b:")) {
                    members += Math.min(1, memberA.count(from + n) + memberB.count(from + n));
                }
            }
            return members == 2 * PER_QOS && plainA.count("b:" + (PER_QOS - 1)) > 0
                    && plainB.count("a:" + (PER_QOS - 1)) > 0;
        });
        Thread.sleep(1000); // duplicates, if any, arrive meanwhile

        Map<String, Integer> served = new HashMap<>();
        for (int n = 0; n < PER_QOS; n++) {
            for (String from : List.of("a:", "b:")) {
                String body = from + n;
                assertThat(memberA.count(body) + memberB.count(body)).as("%s across the group's members", body)
                        .isEqualTo(1);
                served.merge(from + (memberA.count(body) == 1 ? "member-a" : "member-b"), 1, Integer::sum);
                assertThat(plainA.count(body)).as("%s on the plain subscriber on node A", body).isEqualTo(1);
                assertThat(plainB.count(body)).as("%s on the plain subscriber on node B", body).isEqualTo(1);
            }
        }
        System.out.println("share group g, messages per publisher node and member: " + served);
        assertThat(served).as("both nodes' members got messages published on either node")
                .containsKeys("a:member-a", "a:member-b", "b:member-a", "b:member-b");
    }

    @Test
    void aPersistentSessionLeftOnNodeAIsNoLongerFedOnceItsClientConnectsToNodeB() throws Exception {
        String db = TestPostgres.get().newDatabase();
        PlatformWithKafkaPlugin a = node("node-a", db);
        PlatformWithKafkaPlugin b = node("node-b", db);
        Counter roamer = new Counter();
        MqttClient onA = new MqttClient(a.mqttUri(), "roamer", new MemoryPersistence());
        onA.setCallback(roamer);
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setSessionExpiryInterval(3600L);
        onA.connect(o);
        clients.add(onA);
        onA.subscribe("roam/#", 1);
        MqttClient publisher = client(b, "pub-b", null);
        untilForwarded(publisher, roamer, "roam/probe"); // also: the roamer's claim on A is written
        onA.disconnect();

        String nodeLog = "tributary.node.node-a";
        int before = kafka.consume(nodeLog, Integer.MAX_VALUE, Duration.ofSeconds(2)).size();
        publish(publisher, "roam/x", "while-offline", 1);
        int offline = kafka.consume(nodeLog, Integer.MAX_VALUE, Duration.ofSeconds(2)).size();
        assertThat(offline).as("forwarded to node A for the offline session").isEqualTo(before + 1);

        client(b, "roamer", null); // clean start on the other node, no subscription
        await().atMost(Duration.ofSeconds(5))
                .until(() -> a.platform().broker().core().sessions().get("roamer") == null);
        Thread.sleep(1000); // node B's subscription sync (250 ms) read node A's filters without roam/#
        int moved = kafka.consume(nodeLog, Integer.MAX_VALUE, Duration.ofSeconds(2)).size();
        for (int n = 0; n < 20; n++) {
            publish(publisher, "roam/x", "after-move-" + n, 1);
        }
        int after = kafka.consume(nodeLog, Integer.MAX_VALUE, Duration.ofSeconds(2)).size();
        assertThat(after).as("records appended to node A's log after the client moved to node B").isEqualTo(moved);
        assertThat(a.platform().broker().core().router().filters()).doesNotContain("roam/#");
    }

    private MqttClient persistent(PlatformWithKafkaPlugin node, String id, Counter counter, boolean cleanStart)
            throws Exception {
        MqttClient c = new MqttClient(node.mqttUri(), id, new MemoryPersistence());
        c.setCallback(counter);
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(cleanStart);
        o.setSessionExpiryInterval(3600L);
        clients.add(c);
        lastConnect = c.connectWithResult(o);
        return c;
    }

    private IMqttToken lastConnect;

    private static void assertEachOnce(Counter counter, String prefix, int n) {
        assertThat(duplicates(counter, prefix, n)).as("duplicated " + prefix + "*").isZero();
    }

    /** Asserts none of {@code prefix0..n-1} is missing; returns how many arrived more than once. */
    private static int duplicates(Counter counter, String prefix, int n) {
        List<String> missing = new ArrayList<>();
        int twice = 0;
        for (int i = 0; i < n; i++) {
            int got = counter.count(prefix + i);
            if (got == 0) {
                missing.add(prefix + i);
            } else if (got > 1) {
                twice++;
            }
        }
        assertThat(missing).as("lost " + prefix + "*").isEmpty();
        return twice;
    }

    @Test
    void aPersistentSessionMovesToNodeBWithItsQueuedMessagesAndNothingStaysOnNodeA() throws Exception {
        String db = TestPostgres.get().newDatabase();
        PlatformWithKafkaPlugin a = node("node-a", db);
        PlatformWithKafkaPlugin b = node("node-b", db);
        Counter roamer = new Counter();
        MqttClient onA = persistent(a, "roamer", roamer, true);
        onA.subscribe("roam/#", 1);
        MqttClient pubB = client(b, "pub-b", null);
        MqttClient pubA = client(a, "pub-a", null);
        untilForwarded(pubB, roamer, "roam/probe");
        onA.disconnect();
        for (int i = 0; i < 100; i++) {
            publish(pubB, "roam/x", "queued-" + i, 1); // forwarded to A, queued in the offline session
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> a.platform().broker().core().sessions().get("roamer").queuedCount() == 100);

        long t0 = System.nanoTime();
        MqttClient onB = persistent(b, "roamer", roamer, false);
        long connectMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(lastConnect.getSessionPresent()).as("CONNACK session present on node B").isTrue();
        assertThat(connectMs).as("the session came from node A, not from the timeout").isLessThan(2500);
        // publishers on both nodes meanwhile: A relays until every node forwards to B; a message
        // reaching B both ways (routed there, and relayed) is delivered once
        for (int i = 0; i < 50; i++) {
            publish(pubA, "roam/y", "on-a-" + i, 1);
            publish(pubB, "roam/y", "on-b-" + i, 1);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            duplicates(roamer, "queued-", 100);
            duplicates(roamer, "on-a-", 50);
            duplicates(roamer, "on-b-", 50);
        });
        Thread.sleep(1000); // late copies
        int dup = duplicates(roamer, "queued-", 100) + duplicates(roamer, "on-a-", 50)
                + duplicates(roamer, "on-b-", 50);
        assertThat(dup).as("messages delivered twice").isZero();
        assertThat(onB.isConnected()).isTrue();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(a.platform().broker().core().sessions().get("roamer")).as("session on A").isNull();
            assertThat(a.platform().broker().core().router().filters()).doesNotContain("roam/#");
        });
        for (int i = 0; i < 20; i++) {
            publish(pubA, "roam/z", "later-" + i, 1); // forwarded by A to B like any other subscriber's
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEachOnce(roamer, "later-", 20));
        System.out.printf("session moved A -> B: CONNACK after %d ms%n", connectMs);
    }

    @Test
    void aLiveClientTakenOverOnNodeBKeepsItsSession() throws Exception {
        String db = TestPostgres.get().newDatabase();
        PlatformWithKafkaPlugin a = node("node-a", db);
        PlatformWithKafkaPlugin b = node("node-b", db);
        Counter roamer = new Counter();
        MqttClient onA = persistent(a, "hopper", roamer, true);
        onA.subscribe("hop/#", 1);
        MqttClient pubB = client(b, "pub-b", null);
        untilForwarded(pubB, roamer, "hop/probe");
        Thread.sleep(600); // A's claim for the connection is written (every 250 ms)

        Counter second = new Counter();
        persistent(b, "hopper", second, false); // while still connected to A
        assertThat(lastConnect.getSessionPresent()).as("session present after the takeover").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !onA.isConnected());
        for (int i = 0; i < 30; i++) {
            publish(pubB, "hop/x", "after-" + i, 1);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEachOnce(second, "after-", 30));
        assertThat(b.platform().broker().core().sessions().get("hopper").subscriptions()).containsOnlyKeys("hop/#");
    }
}
