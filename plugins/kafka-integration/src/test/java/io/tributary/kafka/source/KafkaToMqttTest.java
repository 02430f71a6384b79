package io.tributary.kafka.source;

import io.tributary.kafka.Origins;
import io.tributary.kafka.SharedCluster;
import io.tributary.kafka.TestCluster;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.Field;
import io.tributary.kafka.connectivity.WatchTiming;
import io.tributary.plugin.api.runtime.StartOutput;
import io.tributary.plugin.api.source.PublishException;
import io.tributary.plugin.api.source.SourceMessage;
import io.tributary.plugin.testkit.KitContext;
import io.tributary.plugin.testkit.RecordingPublisher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka to MQTT integration against a real (in-process) Kafka cluster, with the test kit's
 * recording publisher in place of the broker: what it publishes, and that an offset is committed
 * only after the broker accepted the message.
 */
@ExtendWith(SharedCluster.class)
class KafkaToMqttTest {
    private final TestCluster kafka;
    private final String topic = "k2m-" + UUID.randomUUID().toString().substring(0, 8);
    private final String group = "group-" + topic;
    private final List<KafkaSourceIntegration> running = new ArrayList<>();
    private KafkaProducer<byte[], byte[]> producer;
    private Admin admin;

    KafkaToMqttTest(TestCluster kafka) {
        this.kafka = kafka;
    }

    @BeforeEach
    void setUp() throws Exception {
        kafka.createTopic(topic, 1);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()),
                new ByteArraySerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()));
    }

    @AfterEach
    void tearDown() {
        running.forEach(i -> i.stop(() -> Duration.ofSeconds(5)));
        producer.close();
        admin.close();
    }

    /** Starts an integration whose context's publisher is the kit's recording broker; returns that broker. */
    private RecordingPublisher start(int maxInFlight) {
        SourceSettings settings = SourceSettings.from(config("bootstrapServers", kafka.bootstrap(),
                "topics", List.of(topic), "groupId", group, "maxInFlight", (long) maxInFlight,
                "mqttTopic", "m/${kafka.key}", "qos", "1"));
        KafkaSourceIntegration integration = new KafkaSourceIntegration(settings,
                new WatchTiming(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2)));
        KitContext ctx = new KitContext("KAFKA_TO_MQTT", Map.of()).named("k2m");
        integration.start(() -> ctx, new StartOutput() {
            @Override
            public void preventStart(String reason) {
                throw new AssertionError(reason);
            }
        });
        running.add(integration);
        return ctx.published();
    }

    /** Schema defaults, then {@code keyValues} (alternating names and values). */
    static Config config(Object... keyValues) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (Field f : SourceConfigSchema.schema().fields()) {
            if (f.defaultValue() != null) {
                values.put(f.name(), f.defaultValue());
            }
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Config(values);
    }

    private void produce(int from, int to) {
        for (int i = from; i < to; i++) {
            producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    ("v" + i).getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    private long committed() throws Exception {
        OffsetAndMetadata o = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .get(new TopicPartition(topic, 0));
        return o == null ? -1 : o.offset();
    }

    @Test
    void eachRecordBecomesAMessageAndItsOffsetIsCommittedOnlyAfterTheBrokerAccepted() throws Exception {
        RecordingPublisher broker = start(100).mode(RecordingPublisher.Mode.HOLD);
        produce(0, 5);
        List<SourceMessage> got = broker.awaitCount(5, Duration.ofSeconds(20));
        assertThat(got).extracting(SourceMessage::topic).containsExactly("m/k0", "m/k1", "m/k2", "m/k3", "m/k4");
        assertThat(new String(got.get(2).payload(), StandardCharsets.UTF_8)).isEqualTo("v2");
        assertThat(got.get(0).qos()).isEqualTo(1);
        assertThat(got.get(0).origin()).startsWith("kafka:").endsWith("/" + topic);
        assertThat(Origins.cameFrom(got.get(0).origin(), null, topic)).isTrue();
        // held by the broker: nothing committed however long we wait
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> committed() == -1);

        broker.acceptHeld();
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 5);
    }

    @Test
    void aFullBrokerPausesConsumptionAtTheWindow() throws Exception {
        RecordingPublisher broker = start(3).mode(RecordingPublisher.Mode.HOLD);
        produce(0, 10);
        broker.awaitCount(3, Duration.ofSeconds(20));
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> broker.messages().size() == 3);
        broker.mode(RecordingPublisher.Mode.ACCEPT).acceptHeld();
        broker.awaitCount(10, Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 10);
        assertThat(broker.messages()).extracting(m -> new String(m.payload(), StandardCharsets.UTF_8))
                .containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
    }

    @Test
    void whatWasNotAcceptedBeforeAStopIsPublishedAgainAfterTheNextStart() throws Exception {
        RecordingPublisher first = start(100);
        produce(0, 3);
        first.awaitCount(3, Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 3);
        first.mode(RecordingPublisher.Mode.HOLD);
        produce(3, 6);
        first.awaitCount(6, Duration.ofSeconds(10));
        running.remove(0).stop(() -> Duration.ofSeconds(3)); // stops with three publishes never accepted
        assertThat(committed()).isEqualTo(3);

        RecordingPublisher second = start(100);
        List<SourceMessage> again = second.awaitCount(3, Duration.ofSeconds(20));
        assertThat(again).extracting(SourceMessage::topic).containsExactly("m/k3", "m/k4", "m/k5");
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 6);
    }

    @Test
    void aMessageTheBrokerCouldNotStoreIsPublishedAgain() throws Exception {
        RecordingPublisher broker = start(100).refuseNext(1, PublishException.Reason.NOT_STORED);
        produce(0, 2);
        broker.awaitCount(2, Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 2);
        assertThat(broker.messages()).extracting(SourceMessage::topic).containsExactlyInAnyOrder("m/k0", "m/k1");
    }
}
