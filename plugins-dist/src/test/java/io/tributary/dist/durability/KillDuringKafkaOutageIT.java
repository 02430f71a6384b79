package io.tributary.dist.durability;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, proof 1: kill -9 while 8 QoS 1 publishers send to a Kafka integration whose Kafka is
 * down. Everything acknowledged before the kill is only in the integration's log; after the
 * platform is started again and then Kafka, every acknowledged message is in Kafka.
 */
class KillDuringKafkaOutageIT {
    private static final String TOPIC = "kill9-outage";

    @Test
    void everyAcknowledgedMessageReachesKafkaAfterKill9WhileKafkaWasDown() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start();
             Installation platform = Installation.unpack("kill9-kafka-down", Map.of())) {
            kafka.createTopic(TOPIC);
            platform.start();
            AdminApi admin = platform.admin();
            String id = admin.createIntegration("kafka-kill9", "KAFKA", "dur/#",
                    Integrations.kafka(kafka.bootstrap(), TOPIC));
            Integrations.awaitStatus(admin, id, "ACTIVE", Duration.ofSeconds(30));
            kafka.stopBroker();

            long started = System.nanoTime();
            Set<String> sent;
            Set<String> acked;
            try (Publishers publishers = Publishers.start("kill9", 8, platform.mqttPort(), "dur", 50, 0, 64)) {
                Thread.sleep(6_000);
                assertThat(publishers.outstanding()).as("publishes in flight at the kill").isPositive();
                platform.kill9();
                publishers.stopSending();
                sent = publishers.sent();
                acked = publishers.acked();
            }
            assertThat(acked).as("acknowledged before the kill").hasSizeGreaterThan(1000);

            platform.start();
            admin = platform.admin();
            JsonNode before = admin.statistics(id);
            kafka.startBroker();
            JsonNode after = Integrations.awaitDrained(admin, id, Duration.ofSeconds(120));

            List<String> records = kafka.readAll(TOPIC);
            Tally tally = Tally.of(sent, acked, records);
            tally.report("kill -9, Kafka down", String.format("queued after restart %d, succeeded %d, retried %d, "
                            + "%.1f s", before.get("queued").asLong(), after.get("succeeded").asLong(),
                    after.get("retried").asLong(), (System.nanoTime() - started) / 1e9));
            assertThat(tally.lost()).as("acknowledged but not in Kafka: %s", tally.lostSample()).isEmpty();
            assertThat(before.get("queued").asLong()).as("queued in the log after the restart")
                    .isGreaterThanOrEqualTo(acked.size());
        }
    }
}
