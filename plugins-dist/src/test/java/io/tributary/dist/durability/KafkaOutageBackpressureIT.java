package io.tributary.dist.durability;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, proof 3: Kafka is down for 60 s while 8 QoS 1 publishers keep sending. The
 * integration's log fills up to its byte bound ({@code integration.max-bytes} 4 MiB) and stays
 * within it on disk; then the publishers are held: their PUBACKs stall, nothing is dropped, no
 * connection is closed. When Kafka is back every held publish is acknowledged and every message
 * is in Kafka.
 */
class KafkaOutageBackpressureIT {
    private static final String TOPIC = "outage";
    private static final long MAX_BYTES = 4L * 1024 * 1024;
    /** max(64 KiB, max-bytes / 8), as the platform sizes segments. */
    private static final long SEGMENT_BYTES = Math.max(64 * 1024, MAX_BYTES / 8);
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void aFullLogHoldsPublishersWithinItsByteBoundAndLosesNothing() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start();
             Installation platform = Installation.unpack("kafka-outage", Map.of(
                     "integration.max-bytes", Long.toString(MAX_BYTES),
                     "mqtt.max-packet-size", Integer.toString(1024 * 1024)))) {
            kafka.createTopic(TOPIC);
            platform.start();
            AdminApi admin = platform.admin();
            String id = admin.createIntegration("kafka-outage", "KAFKA", "dur/#",
                    Integrations.kafka(kafka.bootstrap(), TOPIC));
            Integrations.awaitStatus(admin, id, "ACTIVE", Duration.ofSeconds(30));

            try (Publishers publishers = Publishers.start("outage", 8, platform.mqttPort(), "dur", 50, 150, 256)) {
                // statistics are published periodically; a loaded machine may need more than a few seconds
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        admin.statistics(id).get("succeeded").asLong()).as("flowing before the outage").isPositive());

                kafka.stopBroker();
                long outageStarted = System.nanoTime();
                long outageStartedMillis = System.currentTimeMillis();
                AtomicLong maxDirBytes = new AtomicLong();
                long maxQueuedBytes = 0;
                long maxHeld = 0;
                long fullSince = 0;
                Duration longestStall = Duration.ZERO;
                while (System.nanoTime() - outageStarted < OUTAGE.toNanos()) {
                    for (int i = 0; i < 4; i++) {
                        maxDirBytes.accumulateAndGet(platform.integrationLogBytes(id), Math::max);
                        if (publishers.outstanding() > 0 && publishers.sinceLastAck().compareTo(longestStall) > 0) {
                            longestStall = publishers.sinceLastAck();
                        }
                        Thread.sleep(250);
                    }
                    JsonNode s = admin.statistics(id);
                    maxQueuedBytes = Math.max(maxQueuedBytes, s.get("queuedBytes").asLong());
                    maxHeld = Math.max(maxHeld, s.get("held").asLong());
                    if (fullSince == 0) {
                        fullSince = s.get("fullSince").asLong();
                    }
                }
                int ackedDuringOutage = publishers.ackedCount();
                JsonNode atEnd = admin.statistics(id);
                kafka.startBroker();
                Thread.sleep(5_000);
                publishers.stopSending();
                boolean allAcked = publishers.awaitAcknowledged(Duration.ofSeconds(120));
                JsonNode after = Integrations.awaitDrained(admin, id, Duration.ofSeconds(120));

                List<String> records = kafka.readAll(TOPIC);
                Tally tally = Tally.of(publishers.sent(), publishers.acked(), records);
                tally.report("Kafka down 60 s, max-bytes 4 MiB", String.format("log dir max %d bytes (bound %d + "
                                + "segment %d), queuedBytes max %d, held max %d, full after %.1f s, longest PUBACK "
                                + "stall %.1f s, acked by the end of the outage %d, dropped %d, failed publishes %d",
                        maxDirBytes.get(), MAX_BYTES, SEGMENT_BYTES, maxQueuedBytes, maxHeld,
                        fullSince == 0 ? -1 : (fullSince - outageStartedMillis) / 1000.0,
                        longestStall.toMillis() / 1000.0, ackedDuringOutage, after.get("dropped").asLong(),
                        publishers.failed()));

                assertThat(tally.lost()).as("acknowledged but not in Kafka: %s", tally.lostSample()).isEmpty();
                assertThat(publishers.errors()).as("publishes failed or connections lost").isEmpty();
                assertThat(allAcked).as("every held publish acknowledged once Kafka is back").isTrue();
                assertThat(tally.acked()).as("slowed, not dropped: every publish acknowledged").isEqualTo(tally.sent());
                assertThat(after.get("dropped").asLong()).as("dropped").isZero();
                assertThat(fullSince).as("the log turned full during the outage").isPositive();
                assertThat(maxHeld).as("publishes held while the log was full").isPositive();
                assertThat(atEnd.get("queuedBytes").asLong()).as("log at its bound at the end of the outage")
                        .isGreaterThanOrEqualTo(MAX_BYTES - SEGMENT_BYTES);
                assertThat(longestStall).as("PUBACKs stalled while the log was full")
                        .isGreaterThan(Duration.ofSeconds(10));
                assertThat(maxDirBytes.get()).as("the log folder fills up to max-bytes and stays within it plus one "
                        + "segment").isBetween(MAX_BYTES - SEGMENT_BYTES, MAX_BYTES + SEGMENT_BYTES);
            }
        }
    }
}
