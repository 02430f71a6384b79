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

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, a persistent session whose home node is killed: two installations A and B (separate
 * JVMs, default roles) on one PostgreSQL and one shared log. The client "roamer" subscribes on
 * A and goes offline; 100 QoS 1 messages published on B are forwarded to A and queued there; A
 * is killed with kill -9. The roamer connects to B with clean start 0: the session is present at
 * once (from its subscriptions in the shared store) and live messages reach it; when A starts
 * again it sends the queued messages from its journal to B, and the roamer receives every one
 * of them exactly once, counted message by message. Also: messages forwarded
 * to a node while it is dead reach its restored persistent session when it is back.
 */
class SessionHandoverKill9IT {
    private static final String ROAMER = "roamer";
    private static final long EXPIRY = 3600;
    private static final int QUEUED = 100;
    private static final int LIVE = 20;
    private static final String STAYER = "stayer";
    private static final int DOWN = 100;

    @Test
    void messagesQueuedOnAKilledNodeReachTheSessionResumedElsewhereWhenItIsBack() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start()) {
            Map<String, String> common = clusterSettings(kafka);
            try (Installation a = Installation.unpack("handover-a", common);
                 Installation b = Installation.unpack("handover-b", common)) {
                a.start();
                b.start();
                Received received = new Received();

                // 1. the roamer's persistent session on A; a probe published on B reaches it (B forwards to A)
                MqttAsyncClient publisher = connect(b.mqttPort(), "roam-publisher", true, 0, new Received());
                MqttAsyncClient roamer = connect(a.mqttPort(), ROAMER, true, EXPIRY, received);
                roamer.subscribe("roam/#", 1).waitForCompletion(10_000);
                long probeDeadline = System.nanoTime() + 30_000_000_000L;
                int probes = 0;
                while (received.count("probe-") == 0 && System.nanoTime() < probeDeadline) {
                    publish(publisher, "roam/probe", "probe-" + probes++);
                    Thread.sleep(500);
                }
                assertThat(received.count("probe-")).as("a probe published on B reached the roamer on A").isPositive();
                roamer.disconnect().waitForCompletion(10_000);
                roamer.close(true);

                // 2. 100 QoS 1 messages published on B while the roamer is offline: queued on A
                for (int i = 0; i < QUEUED; i++) {
                    publish(publisher, "roam/x", "queued-" + i);
                }
                Thread.sleep(1_000); // in A's journal

                // 3.
                a.kill9();

                // 4. the roamer on B: session present, subscription resumed without A
                long t0 = System.nanoTime();
                roamer = connectResume(b.mqttPort(), ROAMER, received);
                long connectMs = (System.nanoTime() - t0) / 1_000_000;
                assertThat(connectMs).as("connect to B while A is down").isLessThanOrEqualTo(10_000);
                for (int i = 0; i < LIVE; i++) {
                    publish(publisher, "roam/live", "live-" + i);
                }
                long liveDeadline = System.nanoTime() + 15_000_000_000L;
                while (received.distinct("live-", LIVE) < LIVE && System.nanoTime() < liveDeadline) {
                    Thread.sleep(100);
                }
                assertThat(received.missing("live-", LIVE)).as("live messages published on B while A is down")
                        .isEmpty();
                assertThat(b.logText()).contains("did not send the session of " + ROAMER);

                // 5. A back: what it queued reaches the roamer on B
                long restarted = System.nanoTime();
                a.start();
                long queuedDeadline = System.nanoTime() + 60_000_000_000L;
                while (received.distinct("queued-", QUEUED) < QUEUED && System.nanoTime() < queuedDeadline) {
                    Thread.sleep(200);
                }
                double queuedSeconds = (System.nanoTime() - restarted) / 1e9;
                Thread.sleep(2_000); // late duplicates are counted too
                List<String> lost = received.missing("queued-", QUEUED);
                String line = Tally.record(String.format("session handover, home node kill -9: connect to B %d ms "
                                + "(session present), live %d/%d (duplicates %d), queued on A %d/%d after A's restart "
                                + "in %.1f s, lost %d, duplicates %d, roamer still connected %s",
                        connectMs, received.distinct("live-", LIVE), LIVE, received.duplicates("live-"),
                        received.distinct("queued-", QUEUED), QUEUED, queuedSeconds, lost.size(),
                        received.duplicates("queued-"), roamer.isConnected()));
                assertThat(lost).as("queued on A, not received after A's restart: %s", line).isEmpty();
                // the live ones were forwarded to A's log too (its filter stayed) and came back with
                // the session: the session resumed on B delivers each once
                assertThat(received.duplicates("live-") + received.duplicates("queued-")).as("duplicates: %s", line)
                        .isZero();
                // the queued messages came from A's journal, and A sent the session on at its start
                assertThat(a.logText()).contains("Restored 1 persistent session(s) with " + QUEUED + " queued")
                        .contains("Sent 1 session(s) to the nodes their clients connected to")
                        .contains("Session of " + ROAMER + " moved to node handover-b");
                assertThat(a.errorLines()).as("errors on A").isEmpty();
                assertThat(b.errorLines()).as("errors on B").isEmpty();
                assertThat(roamer.isConnected()).as("the roamer stayed on B").isTrue();

                roamer.disconnect().waitForCompletion(10_000);
                roamer.close(true);
                publisher.disconnect().waitForCompletion(10_000);
                publisher.close(true);
            }
        }
    }

    /**
     * Issue 14, a subscriber node killed while messages are forwarded to it: the client "stayer"
     * has a persistent session on A and goes offline; A is killed with kill -9; 100 QoS 1 messages
     * published on B meanwhile are acknowledged (B appended them to A's node log, A's filters are
     * still in the shared store). When A is back the stayer resumes there with clean start 0 and
     * receives every one of them exactly once, counted message by message:
     * A delivers what was forwarded before its start to the sessions it restored.
     */
    @Test
    void messagesForwardedToAKilledNodeReachItsRestoredSessionWhenItIsBack() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start()) {
            Map<String, String> common = clusterSettings(kafka);
            try (Installation a = Installation.unpack("down-a", common);
                 Installation b = Installation.unpack("down-b", common)) {
                a.start();
                b.start();
                Received received = new Received();

                // 1. the stayer's persistent session on A; a probe published on B reaches it (B forwards to A)
                MqttAsyncClient publisher = connect(b.mqttPort(), "down-publisher", true, 0, new Received());
                MqttAsyncClient stayer = connect(a.mqttPort(), STAYER, true, EXPIRY, received);
                stayer.subscribe("stay/#", 1).waitForCompletion(10_000);
                long probeDeadline = System.nanoTime() + 30_000_000_000L;
                int probes = 0;
                while (received.count("probe-") == 0 && System.nanoTime() < probeDeadline) {
                    publish(publisher, "stay/probe", "probe-" + probes++);
                    Thread.sleep(500);
                }
                assertThat(received.count("probe-")).as("a probe published on B reached the stayer on A").isPositive();
                stayer.disconnect().waitForCompletion(10_000);
                stayer.close(true);

                // 2.
                a.kill9();

                // 3. 100 QoS 1 messages published on B while A is dead: each acknowledged with success
                long t0 = System.nanoTime();
                List<String> refused = new ArrayList<>();
                for (int i = 0; i < DOWN; i++) {
                    String refusal = tryPublish(publisher, "stay/x", "down-" + i);
                    if (refusal != null) {
                        refused.add("down-" + i + ": " + refusal);
                    }
                }
                long publishMs = (System.nanoTime() - t0) / 1_000_000;
                assertThat(refused).as("publishes on B refused or failed while A is dead (%d of %d, in %d ms)",
                        refused.size(), DOWN, publishMs).isEmpty();

                // 4. A back: the stayer resumes there and gets what was forwarded while A was dead
                long restarted = System.nanoTime();
                a.start();
                long startMs = (System.nanoTime() - restarted) / 1_000_000;
                stayer = connectResume(a.mqttPort(), STAYER, received);
                long downDeadline = System.nanoTime() + 60_000_000_000L;
                while (received.distinct("down-", DOWN) < DOWN && System.nanoTime() < downDeadline) {
                    Thread.sleep(200);
                }
                double downSeconds = (System.nanoTime() - restarted) / 1e9;
                Thread.sleep(2_000); // late duplicates are counted too
                List<String> lost = received.missing("down-", DOWN);
                String line = Tally.record(String.format("subscriber node kill -9: %d/%d published on B while A was "
                                + "dead acknowledged in %d ms, A restarted in %d ms (session present), received "
                                + "%d/%d within %.1f s of A's restart, lost %d, duplicates %d",
                        DOWN - refused.size(), DOWN, publishMs, startMs, received.distinct("down-", DOWN), DOWN,
                        downSeconds, lost.size(), received.duplicates("down-")));
                assertThat(lost).as("forwarded to A while it was dead, not received after its restart: %s", line)
                        .isEmpty();
                assertThat(received.duplicates("down-")).as("duplicates: %s", line).isZero();
                assertThat(a.errorLines()).as("errors on A").isEmpty();
                assertThat(b.errorLines()).as("errors on B").isEmpty();

                stayer.disconnect().waitForCompletion(10_000);
                stayer.close(true);
                publisher.disconnect().waitForCompletion(10_000);
                publisher.close(true);
            }
        }
    }

    /** Settings both nodes share: a new database, one secret key, the shared log on {@code kafka}. */
    private static Map<String, String> clusterSettings(KafkaBroker kafka) {
        String db = TestPostgres.get().newDatabase();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Map.of(
                "storage.url", db, "storage.user", "postgres", "storage.sync-interval-ms", "200",
                "secret.key", Base64.getEncoder().encodeToString(key),
                "cluster.kafka.bootstrap-servers", kafka.bootstrap(),
                "cluster.kafka.partitions", "2", "cluster.kafka.replication-factor", "1",
                "cluster.heartbeat-interval-ms", "1000");
    }

    /** {@code clientId} again, clean start 0, on {@code port}; asserts the CONNACK's session present. */
    private static MqttAsyncClient connectResume(int port, String clientId, Received received) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        c.setCallback(received);
        IMqttToken token = c.connect(options(false, EXPIRY));
        token.waitForCompletion(20_000);
        assertThat(token.getSessionPresent()).as("session present for %s on port %d", clientId, port).isTrue();
        return c;
    }

    private static MqttAsyncClient connect(int port, String clientId, boolean cleanStart, long expiry,
                                           Received callback) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        c.setCallback(callback);
        c.connect(options(cleanStart, expiry)).waitForCompletion(20_000);
        return c;
    }

    private static MqttConnectionOptions options(boolean cleanStart, long expiry) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(cleanStart);
        o.setSessionExpiryInterval(expiry);
        o.setConnectionTimeout(15);
        o.setAutomaticReconnect(false);
        return o;
    }

    /** A QoS 1 publish that must be acknowledged with a success reason. */
    private static void publish(MqttAsyncClient publisher, String topic, String payload) throws MqttException {
        IMqttToken t = publisher.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
        t.waitForCompletion(10_000);
        int[] codes = t.getReasonCodes();
        int code = codes == null || codes.length == 0 ? 0 : codes[0];
        assertThat(code).as("PUBACK reason of %s", payload).isLessThan(0x80);
    }

    /** A QoS 1 publish; returns null when acknowledged with a success reason, else what happened. */
    private static String tryPublish(MqttAsyncClient publisher, String topic, String payload) {
        try {
            IMqttToken t = publisher.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
            t.waitForCompletion(10_000);
            int[] codes = t.getReasonCodes();
            int code = codes == null || codes.length == 0 ? 0 : codes[0];
            return code < 0x80 ? null : String.format("PUBACK reason 0x%02X", code);
        } catch (MqttException e) {
            return e.toString();
        }
    }

    /** Payloads that arrived, each with how often. */
    private static final class Received implements MqttCallback {
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        int count(String prefix) {
            return counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .mapToInt(e -> e.getValue().get()).sum();
        }

        int distinct(String prefix, int n) {
            return n - missing(prefix, n).size();
        }

        List<String> missing(String prefix, int n) {
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!counts.containsKey(prefix + i)) {
                    missing.add(prefix + i);
                }
            }
            return missing;
        }

        int duplicates(String prefix) {
            return counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .mapToInt(e -> e.getValue().get() - 1).sum();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            counts.computeIfAbsent(new String(message.getPayload(), StandardCharsets.UTF_8), k -> new AtomicInteger())
                    .incrementAndGet();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
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
    }
}
