package io.tributary.kafka;

import io.tributary.plugin.testkit.KitContext;
import io.tributary.plugin.testkit.RecordedEvents.Connectivity;
import io.tributary.plugin.testkit.RunningIntegration;
import io.tributary.plugin.testkit.SampleMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.tributary.kafka.TestConfigs.plugin;
import static io.tributary.kafka.TestConfigs.values;
import static io.tributary.kafka.config.KafkaConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker is stopped for 30 s while QoS 1 messages keep coming, then started again: with the
 * platform's retries every message arrives at least once and the status returns to connected.
 * Uses its own cluster, since it stops the broker.
 */
@Tag("kafka")
class BrokerRestartTest {
    private static final Logger log = LoggerFactory.getLogger(BrokerRestartTest.class);
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void everyMessageArrivesAtLeastOnceAcrossAnOutage() throws Exception {
        ScheduledExecutorService platform = Executors.newSingleThreadScheduledExecutor();
        try (TestCluster kafka = TestCluster.plain();
             // while the broker is down a send waits for metadata up to max.block.ms (10 s) in process()
             RunningIntegration it = RunningIntegration.start(plugin(), values(BOOTSTRAP_SERVERS, kafka.bootstrap(),
                     TOPIC, "outage", SEND_ONLY_MSG_PAYLOAD, true), new KitContext("KAFKA", Map.of()),
                     Duration.ofSeconds(30))) {
            kafka.createTopic("outage", 1);
            RetryingDelivery delivery = new RetryingDelivery(it, platform);
            int sent = 0;
            for (; sent < 10; sent++) {
                delivery.submit("m" + sent, SampleMessages.text("tbmq/outage", "m" + sent));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> delivery.pending().isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> isConnected(it, true));

            kafka.stopBroker();
            long until = System.nanoTime() + OUTAGE.toNanos();
            while (System.nanoTime() < until) {
                delivery.submit("m" + sent, SampleMessages.text("tbmq/outage", "m" + sent));
                sent++;
                Thread.sleep(250);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> isConnected(it, false));
            kafka.startBroker();
            for (int i = 0; i < 10; i++, sent++) {
                delivery.submit("m" + sent, SampleMessages.text("tbmq/outage", "m" + sent));
            }

            await().atMost(Duration.ofMinutes(3)).until(() -> delivery.pending().isEmpty());
            await().atMost(Duration.ofSeconds(15)).until(() -> isConnected(it, true));

            List<ConsumerRecord<byte[], byte[]>> records = kafka.consume("outage", sent, Duration.ofSeconds(30));
            Set<String> arrived = records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .collect(Collectors.toSet());
            Set<String> expected = IntStream.range(0, sent).mapToObj(i -> "m" + i).collect(Collectors.toSet());
            log.info("outage: {} messages, {} records, {} failures, {} retries, {} permanent; reasons {}; events {}", sent,
                    records.size(), delivery.failures(), delivery.retries(), delivery.permanentFailures(),
                    delivery.reasons(), it.events().texts());
            assertThat(arrived).containsAll(expected);
            assertThat(delivery.permanentFailures()).isZero();
            assertThat(it.events().connectivity()).extracting(Connectivity::connected)
                    .containsSubsequence(true, false, true);
            assertThat(it.events().errors()).isNotEmpty();
        } finally {
            platform.shutdownNow();
        }
    }

    private static boolean isConnected(RunningIntegration it, boolean expected) {
        return it.events().lastConnectivity().map(c -> c.connected() == expected).orElse(false);
    }
}
