package io.tributary.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.testkit.RunningIntegration;
import io.tributary.plugin.testkit.SampleMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.tributary.kafka.TestConfigs.config;
import static io.tributary.kafka.TestConfigs.plugin;
import static io.tributary.kafka.config.KafkaConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer the plugin starts is idempotent exactly when its settings allow it: the batches the
 * broker stored carry a producer id (-1 without idempotence), and the start log line says so.
 */
@Tag("kafka")
@ExtendWith(SharedCluster.class)
class IdempotentProducerTest {
    private static final long NO_PRODUCER_ID = -1;
    private static TestCluster kafka;

    /** The kit's context logs as the platform's does: "integration.<name>". */
    private final Logger integrationLogs = (Logger) LoggerFactory.getLogger("integration");
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void cluster(TestCluster cluster) {
        kafka = cluster;
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        integrationLogs.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        integrationLogs.detachAppender(logs);
        logs.stop();
    }

    @Test
    void retriesWithAcksAllGiveAnIdempotentProducer() throws Exception {
        String topic = "idempotence-on";
        String line = deliverThree(topic, config(BOOTSTRAP_SERVERS, kafka.bootstrap(), TOPIC, topic, RETRIES, 3));

        List<Long> producerIds = kafka.storedProducerIds(topic);
        assertThat(producerIds).isNotEmpty().doesNotContain(NO_PRODUCER_ID);
        assertThat(producerIds).as("one producer session").containsOnly(producerIds.get(0));
        assertThat(line).endsWith(", idempotent producer on");
    }

    @Test
    void seedDefaultRetriesZeroGivesAPlainProducerAndSaysWhy() throws Exception {
        String topic = "idempotence-off-retries";
        String line = deliverThree(topic, config(BOOTSTRAP_SERVERS, kafka.bootstrap(), TOPIC, topic));

        assertThat(kafka.storedProducerIds(topic)).isNotEmpty().containsOnly(NO_PRODUCER_ID);
        assertThat(line).endsWith(", idempotent producer off (retries=0)");
    }

    /** kafka-clients' own default would throw a ConfigException here instead of starting. */
    @Test
    void moreThanFiveInFlightStartsWithoutIdempotence() throws Exception {
        String topic = "idempotence-off-in-flight";
        String line = deliverThree(topic, config(BOOTSTRAP_SERVERS, kafka.bootstrap(), TOPIC, topic, RETRIES, 3,
                OTHER_PROPERTIES, Map.of("max.in.flight.requests.per.connection", "6")));

        assertThat(kafka.storedProducerIds(topic)).isNotEmpty().containsOnly(NO_PRODUCER_ID);
        assertThat(line).endsWith(", idempotent producer off (max.in.flight.requests.per.connection=6)");
    }

    @Test
    void usersExplicitValueWinsAndTheLineHoldsNoSecret() throws Exception {
        String topic = "idempotence-explicit";
        String line = deliverThree(topic, config(BOOTSTRAP_SERVERS, kafka.saslPlaintextBootstrap(), TOPIC, topic,
                RETRIES, 3, OTHER_PROPERTIES, Map.of("enable.idempotence", "false",
                        "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                        "sasl.jaas.config", TestCluster.jaas(TestCluster.USER, TestCluster.PASSWORD))));

        assertThat(kafka.storedProducerIds(topic)).isNotEmpty().containsOnly(NO_PRODUCER_ID);
        assertThat(line).endsWith(", idempotent producer off (enable.idempotence=false in otherProperties)")
                .doesNotContain(TestCluster.PASSWORD).doesNotContain("sasl");
    }

    /** Starts the integration, delivers three messages, stops; returns the start log line. */
    private String deliverThree(String topic, Config config) throws Exception {
        kafka.createTopic(topic, 1);
        String logger;
        try (RunningIntegration it = RunningIntegration.start(plugin(), config.asMap())) {
            logger = it.context().logger().getName();
            for (int i = 0; i < 3; i++) {
                it.deliver(SampleMessages.text("tbmq/idempotence", "m" + i), Duration.ofSeconds(30));
            }
        }
        List<String> started = logs.list.stream()
                .filter(e -> e.getLoggerName().equals(logger))
                .filter(e -> e.getLevel() == Level.INFO)
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("Kafka producer "))
                .toList();
        assertThat(started).hasSize(1);
        return started.get(0);
    }
}
