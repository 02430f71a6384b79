package io.tributary.dist.durability;

import io.tributary.storage.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: a cluster of three installations (separate JVMs) on one PostgreSQL and one Kafka:
 * node A only a broker, B and C only executors sharing the integration's internal topic by
 * partition. Executor B is killed with kill -9 while 8 QoS 1 publishers send to A; its partitions
 * move to C, which goes on from the committed offsets. Every acknowledged message reaches the
 * destination topic; the duplicates (delivered by B, not committed, delivered again by C) are
 * counted and reported.
 */
class ExecutorKill9IT {
    private static final String TOPIC = "cluster-kill9";

    @Test
    void noAcknowledgedMessageIsLostWhenAnExecutorIsKilledUnderLoad() throws Exception {
        String db = TestPostgres.get().newDatabase();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try (KafkaBroker kafka = KafkaBroker.start()) {
            kafka.createTopic(TOPIC);
            Map<String, String> common = new HashMap<>(Map.of(
                    "storage.url", db, "storage.user", "postgres", "storage.sync-interval-ms", "200",
                    "secret.key", Base64.getEncoder().encodeToString(key),
                    "cluster.kafka.bootstrap-servers", kafka.bootstrap(),
                    "cluster.kafka.partitions", "4", "cluster.kafka.replication-factor", "1",
                    // a killed executor's partitions move after the session times out: seconds, not 45
                    "cluster.kafka.client.session.timeout.ms", "6000",
                    "cluster.kafka.client.heartbeat.interval.ms", "1000"));
            try (Installation a = Installation.unpack("cluster-a", with(common, "broker"));
                 Installation b = Installation.unpack("cluster-b", with(common, "executor"));
                 Installation c = Installation.unpack("cluster-c", with(common, "executor"))) {
                a.start();
                b.start();
                c.start();
                assertThat(b.mqttPort()).as("executor without MQTT listener").isEqualTo(-1);
                String id = a.admin().createIntegration("cluster-kill9", "KAFKA", "dur/#",
                        Integrations.kafka(kafka.bootstrap(), TOPIC));
                Integrations.awaitStatus(b.admin(), id, "ACTIVE", Duration.ofSeconds(60));
                Integrations.awaitStatus(c.admin(), id, "ACTIVE", Duration.ofSeconds(60));

                long started = System.nanoTime();
                Set<String> sent;
                Set<String> acked;
                long deliveredByB;
                try (Publishers publishers = Publishers.start("ck", 8, a.mqttPort(), "dur", 20, 100, 64)) {
                    Thread.sleep(6_000);
                    deliveredByB = b.admin().statistics(id).get("succeeded").asLong();
                    assertThat(deliveredByB).as("executor B delivered its share before the kill").isPositive();
                    b.kill9();
                    Thread.sleep(10_000);
                    publishers.stopSending();
                    sent = publishers.sent();
                    acked = publishers.acked();
                }
                assertThat(acked).as("acknowledged").hasSizeGreaterThan(1000);

                Tally tally = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (System.nanoTime() < deadline) {
                    List<String> records = kafka.readAll(TOPIC);
                    tally = Tally.of(sent, acked, records);
                    if (tally.lost().isEmpty()) {
                        break;
                    }
                    Thread.sleep(1000);
                }
                JsonNode byC = c.admin().statistics(id);
                tally.report("cluster: executor kill -9 under load", String.format(
                        "delivered by B before the kill %d, by C %d, counted as redelivered by C %d, %.1f s",
                        deliveredByB, byC.get("succeeded").asLong(), byC.get("redelivered") == null ? -1
                                : byC.get("redelivered").asLong(), (System.nanoTime() - started) / 1e9));
                assertThat(tally.lost()).as("acknowledged but not in Kafka: %s", tally.lostSample()).isEmpty();
            }
        }
    }

    private static Map<String, String> with(Map<String, String> common, String roles) {
        Map<String, String> s = new HashMap<>(common);
        s.put("node.roles", roles);
        return s;
    }
}
