package io.tributary.dist.durability;

import io.tributary.storage.TestPostgres;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14: two broker-only installations A and D and one executor B (separate JVMs) on one
 * PostgreSQL and one Kafka. Broker node A is killed with kill -9 while 8 Paho QoS 1 publishers
 * send to it; they connect to D and send again what A did not acknowledge. Every message
 * acknowledged by A (stored in the shared log before its PUBACK) or by D reaches the destination
 * topic; the duplicates (stored by A, PUBACK lost with the process, sent again to D) are counted.
 */
class BrokerNodeKill9IT {
    private static final String TOPIC = "broker-kill9";

    @Test
    void noAcknowledgedMessageIsLostWhenABrokerNodeIsKilledUnderLoad() throws Exception {
        String db = TestPostgres.get().newDatabase();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try (KafkaBroker kafka = KafkaBroker.start()) {
            kafka.createTopic(TOPIC);
            Map<String, String> common = new HashMap<>(Map.of(
                    "storage.url", db, "storage.user", "postgres", "storage.sync-interval-ms", "200",
                    "secret.key", Base64.getEncoder().encodeToString(key),
                    "cluster.kafka.bootstrap-servers", kafka.bootstrap(),
                    "cluster.kafka.partitions", "4", "cluster.kafka.replication-factor", "1"));
            try (Installation a = Installation.unpack("broker-a", with(common, "broker"));
                 Installation d = Installation.unpack("broker-d", with(common, "broker"));
                 Installation b = Installation.unpack("executor-b", with(common, "executor"))) {
                a.start();
                d.start();
                b.start();
                String id = a.admin().createIntegration("broker-kill9", "KAFKA", "dur/#",
                        Integrations.kafka(kafka.bootstrap(), TOPIC));
                Integrations.awaitStatus(b.admin(), id, "ACTIVE", Duration.ofSeconds(60));
                // D knows the integration (configuration synchronised over PostgreSQL) before anyone fails over to it
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> assertThat(d.admin().status(id)).isEqualTo("DISABLED"));

                long started = System.nanoTime();
                Set<String> sent;
                Set<String> acked;
                long byA;
                long byD;
                long resent;
                try (FailoverPublishers publishers = FailoverPublishers.start("bk", 8,
                        new int[]{a.mqttPort(), d.mqttPort()}, "dur", 20, 100, 64)) {
                    Thread.sleep(6_000);
                    assertThat(publishers.acked()).as("acknowledged by A before the kill").isNotEmpty();
                    a.kill9();
                    Thread.sleep(8_000);
                    publishers.stopSending();
                    assertThat(publishers.awaitAcknowledged(30_000))
                            .as("every payload acknowledged by A or D in the end; errors %s", publishers.errors())
                            .isTrue();
                    sent = publishers.sent();
                    acked = publishers.acked();
                    byA = publishers.ackedBy(a.mqttPort());
                    byD = publishers.ackedBy(d.mqttPort());
                    resent = publishers.resent();
                    assertThat(publishers.failovers()).as("every publisher moved to D").isEqualTo(8);
                }
                assertThat(byA).as("acknowledged by A").isGreaterThan(1000);
                assertThat(byD).as("acknowledged by D").isGreaterThan(1000);

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
                tally.report("cluster: broker node kill -9 under load, publishers fail over", String.format(
                        "acked by A %d, by D %d, sent again to D %d, %.1f s", byA, byD, resent,
                        (System.nanoTime() - started) / 1e9));
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
