package io.tributary.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.plugin.api.message.UserProperty;
import io.tributary.plugin.testkit.KitContext;
import io.tributary.plugin.testkit.RunningIntegration;
import io.tributary.plugin.testkit.SampleMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static io.tributary.kafka.TestConfigs.plugin;
import static io.tributary.kafka.TestConfigs.values;
import static io.tributary.kafka.config.KafkaConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Messages through the plugin into a real (in-process) Kafka broker, read back with a consumer. */
@Tag("kafka")
@ExtendWith(SharedCluster.class)
class DeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Until Kafka acknowledged the record. */
    private static final Duration DELIVERED = Duration.ofSeconds(30);
    /** The record of the seed's walkthrough, verbatim from the product page. */
    private static final String SEED_RECORD = "{ \"payload\": \"eyJ0ZW1wZXJhdHVyZSI6MjV9\", \"topicName\": "
            + "\"tbmq/kafka-integration\", \"clientId\": \"tbmq_df52bNUQ\", \"eventType\": \"PUBLISH_MSG\", "
            + "\"qos\": 1, \"retain\": false, \"tbmqIeNode\": \"tbmq_ie_node\", \"tbmqNode\": \"tbmq_node\", "
            + "\"ts\": 1742554969254, \"props\": {}, \"metadata\": { \"integrationName\": \"Kafka integration\" }}";

    private static TestCluster kafka;

    @BeforeAll
    static void cluster(TestCluster cluster) {
        kafka = cluster;
    }

    @Test
    void seedWalkthroughProducesTheSeedRecord() throws Exception {
        kafka.createTopic(DEFAULT_TOPIC, 1);
        KitContext walkthrough = new KitContext("KAFKA", Map.of()).named("Kafka integration")
                .nodeIds(SampleMessages.BROKER_NODE_ID, "tbmq_ie_node");
        try (RunningIntegration it = RunningIntegration.start(plugin(), values(BOOTSTRAP_SERVERS, kafka.bootstrap()),
                walkthrough)) {
            it.deliver(SampleMessages.temperature("tbmq/kafka-integration"), DELIVERED);
        }

        List<ConsumerRecord<byte[], byte[]>> records = kafka.consume(DEFAULT_TOPIC, 1, WAIT);
        assertThat(records).hasSize(1);
        ConsumerRecord<byte[], byte[]> record = records.get(0);
        JsonNode value = JSON.readTree(record.value());
        assertThat(value).isEqualTo(JSON.readTree(SEED_RECORD));
        List<String> names = new ArrayList<>();
        value.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("payload", "topicName", "clientId", "eventType", "qos", "retain",
                "tbmqIeNode", "tbmqNode", "ts", "props", "metadata");
        assertThat(value.get("payload").asText()).isEqualTo("eyJ0ZW1wZXJhdHVyZSI6MjV9");
        assertThat(record.key()).isNull();
        assertThat(record.headers().toArray()).isEmpty();
    }

    @Test
    void rawModeDeliversBinaryPayloadByteIdentical() throws Exception {
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        try (RunningIntegration it = RunningIntegration.start(plugin(), values(BOOTSTRAP_SERVERS, kafka.bootstrap(),
                TOPIC, "raw-binary", SEND_ONLY_MSG_PAYLOAD, true))) {
            it.deliver(SampleMessages.builder("tbmq/bin", payload).build(), DELIVERED);
        }
        List<ConsumerRecord<byte[], byte[]>> records = kafka.consume("raw-binary", 1, WAIT);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).value()).isEqualTo(payload);
    }

    @Test
    void staticKeyAndHeadersArriveAsConfigured() throws Exception {
        try (RunningIntegration it = RunningIntegration.start(plugin(), values(BOOTSTRAP_SERVERS, kafka.bootstrap(),
                TOPIC, "static-key", KEY, "sensor-key", KAFKA_HEADERS, Map.of("source", "tributary")))) {
            it.deliver(SampleMessages.text("tbmq/a", "x"), DELIVERED);
        }
        ConsumerRecord<byte[], byte[]> record = kafka.consume("static-key", 1, WAIT).get(0);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("sensor-key");
        assertThat(headers(record)).containsExactly("source=tributary");
    }

    @Test
    void templatesExpandInTopicKeyAndHeaders() throws Exception {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("device", "${topicLevel[1]}");
        headers.put("origin", "${integrationName}@${metadata.site}");
        headers.put("delivery", "${qos}/${retain}/${topic}");
        try (RunningIntegration it = RunningIntegration.start(plugin(), values(BOOTSTRAP_SERVERS, kafka.bootstrap(),
                TOPIC, "site-${metadata.site}.${topicLevel[2]}", KEY, "${clientId}", KAFKA_HEADERS, headers),
                new KitContext("KAFKA", Map.of("site", "plant1")).named("Kafka integration"))) {
            it.deliver(SampleMessages.text("tbmq/dev-7/telemetry", "{}"), DELIVERED);
        }
        ConsumerRecord<byte[], byte[]> record = kafka.consume("site-plant1.telemetry", 1, WAIT).get(0);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(SampleMessages.CLIENT_ID);
        assertThat(headers(record)).containsExactly("device=dev-7", "origin=Kafka integration@plant1",
                "delivery=1/false/tbmq/dev-7/telemetry");
        assertThat(JSON.readTree(record.value()).get("metadata"))
                .isEqualTo(JSON.readTree("{\"integrationName\":\"Kafka integration\",\"site\":\"plant1\"}"));
    }

    @Test
    void sameKeyGoesToSamePartition() throws Exception {
        kafka.createTopic("keyed", 6);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        try (RunningIntegration it = RunningIntegration.start(plugin(), values(BOOTSTRAP_SERVERS, kafka.bootstrap(),
                TOPIC, "keyed", KEY, "${topicLevel[1]}"))) {
            for (int i = 0; i < 8; i++) {
                for (String device : List.of("dev-a", "dev-b", "dev-c", "dev-d")) {
                    sent.add(it.process(SampleMessages.text("tbmq/" + device + "/t", "m" + i)));
                }
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
        }
        List<ConsumerRecord<byte[], byte[]>> records = kafka.consume("keyed", 32, WAIT);
        assertThat(records).hasSize(32);
        Map<String, Set<Integer>> partitionsByKey = records.stream().collect(Collectors.groupingBy(
                r -> new String(r.key(), StandardCharsets.UTF_8),
                Collectors.mapping(ConsumerRecord::partition, Collectors.toSet())));
        assertThat(partitionsByKey).hasSize(4);
        assertThat(partitionsByKey.values()).allSatisfy(p -> assertThat(p).hasSize(1));
    }

    @Test
    void userPropertiesBecomeHeadersWithRepeatedKeysKept() throws Exception {
        List<UserProperty> props = List.of(new UserProperty("unit", "C"), new UserProperty("tag", "a"),
                new UserProperty("tag", "b"));
        try (RunningIntegration it = RunningIntegration.start(plugin(), values(BOOTSTRAP_SERVERS, kafka.bootstrap(),
                TOPIC, "user-props", USER_PROPERTIES_AS_HEADERS, true))) {
            it.deliver(SampleMessages.builder("tbmq/p", new byte[]{1}).userProperties(props).build(), DELIVERED);
        }
        ConsumerRecord<byte[], byte[]> record = kafka.consume("user-props", 1, WAIT).get(0);
        assertThat(headers(record)).containsExactly("unit=C", "tag=a", "tag=b");
        // a JSON object has one member per key: the last value wins
        assertThat(JSON.readTree(record.value()).get("props"))
                .isEqualTo(JSON.readTree("{\"unit\":\"C\",\"tag\":\"b\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void everyCompressionRoundTrips(String codec) throws Exception {
        String topic = "compressed-" + codec;
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        try (RunningIntegration it = RunningIntegration.start(plugin(), values(BOOTSTRAP_SERVERS, kafka.bootstrap(),
                TOPIC, topic, COMPRESSION, codec, LINGER, 20))) {
            it.deliver(SampleMessages.text("tbmq/c", "first"), DELIVERED); // the topic exists before the batch below
            for (int i = 0; i < 50; i++) {
                sent.add(it.process(SampleMessages.text("tbmq/c", "{\"temperature\":" + i + ",\"unit\":\"celsius\"}")));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
        }
        List<ConsumerRecord<byte[], byte[]>> records = kafka.consume(topic, 51, WAIT);
        assertThat(records).hasSize(51);
        assertThat(JSON.readTree(records.get(50).value()).get("payload").asText())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(
                        "{\"temperature\":49,\"unit\":\"celsius\"}".getBytes(StandardCharsets.UTF_8)));
        // the broker stored what the producer compressed: the codec really ran
        assertThat(kafka.storedCompression(topic)).containsExactly(codec);
    }

    @Test
    void theProducersKeyMetricsAreExportedAsTheIntegrationsMeters() throws Exception {
        String topic = "metered";
        kafka.createTopic(topic, 1);
        KitContext ctx = new KitContext("KAFKA", Map.of()).named("metered");
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        try (RunningIntegration it = RunningIntegration.start(plugin(), values(BOOTSTRAP_SERVERS, kafka.bootstrap(),
                TOPIC, topic), ctx)) {
            it.deliver(SampleMessages.text("tbmq/m", "first"), DELIVERED);
            for (int i = 0; i < 100; i++) {
                sent.add(it.process(SampleMessages.text("tbmq/m", "{\"n\":" + i + "}")));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();

            var meters = it.meters();
            assertThat(meters.names()).containsExactlyInAnyOrder("kafka_producer_record_send_rate",
                    "kafka_producer_record_error_rate", "kafka_producer_request_latency_avg_seconds",
                    "kafka_producer_request_latency_max_seconds", "kafka_producer_buffer_available_bytes");
            assertThat(meters.tags("kafka_producer_record_send_rate")).contains("integration=metered", "type=KAFKA");
            // 101 records in well under the 30 s sample window: a positive rate, no errors
            assertThat(meters.value("kafka_producer_record_send_rate")).isPositive();
            assertThat(meters.value("kafka_producer_record_error_rate")).isZero();
            double avg = meters.value("kafka_producer_request_latency_avg_seconds");
            assertThat(avg).isPositive().isLessThan(DELIVERED.toSeconds());
            assertThat(meters.value("kafka_producer_request_latency_max_seconds")).isGreaterThanOrEqualTo(avg);
            // everything acknowledged: the whole default buffer.memory (32 MiB) is free again
            assertThat(meters.value("kafka_producer_buffer_available_bytes")).isEqualTo(32 * 1024 * 1024);
        }
    }

    private static List<String> headers(ConsumerRecord<byte[], byte[]> record) {
        List<String> out = new ArrayList<>();
        for (Header h : record.headers()) {
            out.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
