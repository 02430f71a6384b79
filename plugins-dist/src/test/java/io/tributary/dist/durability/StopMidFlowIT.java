package io.tributary.dist.durability;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, proof 2: the platform goes away while 8 QoS 1 publishers send and Kafka is up and
 * receiving: once by kill -9, once by {@code bin/tributary stop} (SIGTERM). After the restart
 * every acknowledged message is in Kafka. A clean stop drains what is in flight and saves the
 * cursor, so it must not send anything twice; after kill -9 repeats are expected (the cursor is
 * saved every 200 ms) but bounded.
 */
class StopMidFlowIT {
    private static final int KAFKA_WINDOW = 2000;
    private static KafkaBroker kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaBroker.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void kill9WhileDeliveringToKafka() throws Exception {
        Outcome o = run("kill9-kafka-up", Installation::kill9);

        assertThat(o.tally.lost()).as("acknowledged but not in Kafka: %s", o.tally.lostSample()).isEmpty();
        // repeats are the records delivered after the last saved cursor (saved every 200 ms) and those
        // in flight (the Kafka plugin's window of 2000): allow one second of delivery plus the window
        long bound = KAFKA_WINDOW + Math.round(o.deliveredPerSecond);
        assertThat((long) o.tally.duplicates()).as("duplicates after kill -9 (bound %d)", bound)
                .isLessThanOrEqualTo(bound);
    }

    @Test
    void sigtermWhileDeliveringToKafka() throws Exception {
        Outcome o = run("sigterm-kafka-up", Installation::stop); // bin/tributary stop: SIGTERM, waits for the exit

        assertThat(o.tally.lost()).as("acknowledged but not in Kafka: %s", o.tally.lostSample()).isEmpty();
        assertThat(o.tally.duplicates()).as("a clean stop drains and saves its cursor: nothing is sent twice")
                .isZero();
        assertThat(o.logAfterStop).as("the clean stop is logged").contains("MQTT broker stopped");
    }

    private interface StopAction {
        void stop(Installation platform) throws Exception;
    }

    private record Outcome(Tally tally, double deliveredPerSecond, String logAfterStop) {
    }

    private static Outcome run(String label, StopAction stopAction) throws Exception {
        String topic = label;
        try (Installation platform = Installation.unpack(label, Map.of())) {
            kafka.createTopic(topic);
            platform.start();
            AdminApi admin = platform.admin();
            String id = admin.createIntegration("kafka-" + label, "KAFKA", "dur/#",
                    Integrations.kafka(kafka.bootstrap(), topic));
            Integrations.awaitStatus(admin, id, "ACTIVE", Duration.ofSeconds(30));

            long started = System.nanoTime();
            Set<String> sent;
            Set<String> acked;
            long succeededBefore;
            double deliveredPerSecond;
            try (Publishers publishers = Publishers.start(label, 8, platform.mqttPort(), "dur", 50, 0, 64)) {
                Thread.sleep(6_000);
                JsonNode flowing = admin.statistics(id);
                succeededBefore = flowing.get("succeeded").asLong();
                deliveredPerSecond = succeededBefore / ((System.nanoTime() - started) / 1e9);
                assertThat(succeededBefore).as("delivering to Kafka before the stop").isPositive();
                assertThat(publishers.outstanding()).as("publishes in flight at the stop").isPositive();
                stopAction.stop(platform);
                publishers.stopSending();
                sent = publishers.sent();
                acked = publishers.acked();
            }
            String logAfterStop = platform.logText();
            assertThat(acked).as("acknowledged before the stop").hasSizeGreaterThan(1000);

            platform.start();
            admin = platform.admin();
            JsonNode before = admin.statistics(id);
            JsonNode after = Integrations.awaitDrained(admin, id, Duration.ofSeconds(120));
            List<String> records = kafka.readAll(topic);
            Tally tally = Tally.of(sent, acked, records);
            tally.report(label, String.format("delivered before the stop ~%d (%.0f/s), queued after restart %d, "
                            + "succeeded after restart %d, %.1f s", succeededBefore, deliveredPerSecond,
                    before.get("queued").asLong(), after.get("succeeded").asLong(),
                    (System.nanoTime() - started) / 1e9));
            return new Outcome(tally, deliveredPerSecond, logAfterStop);
        }
    }
}
