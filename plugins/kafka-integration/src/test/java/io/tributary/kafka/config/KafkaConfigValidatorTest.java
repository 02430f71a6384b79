package io.tributary.kafka.config;

import io.tributary.kafka.producer.ClientProperties;
import io.tributary.plugin.api.config.Config;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.tributary.kafka.TestConfigs.config;
import static io.tributary.kafka.config.KafkaConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;

class KafkaConfigValidatorTest {
    private static final Map<String, String> METADATA = Map.of("site", "plant1");

    private static List<String> errorFields(Config config) {
        List<String> fields = new ArrayList<>();
        KafkaConfigValidator.validate(config, METADATA, (field, message) -> fields.add(field));
        return fields;
    }

    private static List<String> errors(Config config) {
        List<String> errors = new ArrayList<>();
        KafkaConfigValidator.validate(config, METADATA, (field, message) -> errors.add(field + ": " + message));
        return errors;
    }

    @Test
    void defaultsAreValid() {
        assertThat(errors(config())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:9092", "kafka-1:9092,kafka-2:9093", "kafka-1:9092, kafka-2:9093",
            "10.0.0.1:1", "[::1]:65535", "pkc-123.eu-west-1.aws.confluent.cloud:9092"})
    void acceptsHostPortLists(String servers) {
        assertThat(errors(config(BOOTSTRAP_SERVERS, servers))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "localhost:", ":9092", "localhost:0", "localhost:65536",
            "localhost:abc", "a:9092,,b:9092", "a:9092,", "::1:9092", "my host:9092", "localhost:-1"})
    void rejectsBadBootstrapServers(String servers) {
        assertThat(errorFields(config(BOOTSTRAP_SERVERS, servers))).containsExactly(BOOTSTRAP_SERVERS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tbmq.messages", "mqtt.${topicLevel[0]}.${topicLevel[9]}",
            "${metadata.site}-${clientId}", "${integrationName}", "a_b-c.1"})
    void acceptsTopicsThatExpandToLegalNames(String topic) {
        assertThat(errors(config(TOPIC, topic))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad topic", "a/b", "${topic}", ".", "..", "${nope}", "${topic", "${metadata.missing}",
            "${topicLevel[x]}", "topic-${qos}-ä"})
    void rejectsTopicsThatAreNotLegalKafkaTopics(String topic) {
        assertThat(errorFields(config(TOPIC, topic))).containsExactly(TOPIC);
    }

    @Test
    void rejectsTopicLongerThanKafkaAllows() {
        assertThat(errorFields(config(TOPIC, "t".repeat(250)))).containsExactly(TOPIC);
    }

    @Test
    void topicErrorShowsTheSampleExpansion() {
        assertThat(errors(config(TOPIC, "mqtt-${topic}"))).singleElement().asString()
                .startsWith("topic: expands to 'mqtt-tbmq/devices/device-01/status' for a sample message");
    }

    @Test
    void unknownPlaceholdersInKeyAndHeadersAreFieldErrors() {
        assertThat(errorFields(config(KEY, "${deviceName}"))).containsExactly(KEY);
        assertThat(errorFields(config(KAFKA_HEADERS, Map.of("ok", "${qos}", "bad", "${payload}"))))
                .containsExactly(KAFKA_HEADERS);
        assertThat(errors(config(KAFKA_HEADERS, Map.of("bad", "${payload}")))).singleElement().asString()
                .contains("header 'bad'").contains("${payload} needs a field");
        assertThat(errors(config(KEY, "${clientId}-${topicLevel[2]}", KAFKA_HEADERS,
                Map.of("site", "${metadata.site}", "static", "value")))).isEmpty();
    }

    @Test
    void payloadTemplatesAreCheckedForSyntaxAndTheTopicForAWellFormedSampleName() {
        assertThat(errors(config(TOPIC, "devices.${payload.deviceId}", KEY, "${payload.sensor.id:none}",
                KAFKA_HEADERS, Map.of("t", "${props.tenant}", "c", "${contentType}")))).isEmpty();
        assertThat(errors(config(TOPIC, "devices.${payload.a..b}"))).singleElement().asString()
                .isEqualTo("topic: empty field name in ${payload.a..b}");
        assertThat(errors(config(KEY, "${payload.list[x]}"))).singleElement().asString()
                .startsWith("key: array index must be");
        assertThat(errors(config(TOPIC, "devices/${payload.site:no where}"))).singleElement().asString()
                .startsWith("topic: expands to 'devices/no where' for a sample message");
    }

    @Test
    void sslPropertiesNeedSecurityProtocol() {
        assertThat(errorFields(config(OTHER_PROPERTIES, Map.of("ssl.truststore.type", "PEM"))))
                .containsExactly(OTHER_PROPERTIES);
        assertThat(errors(config(OTHER_PROPERTIES, Map.of("ssl.truststore.type", "PEM",
                "security.protocol", "SSL")))).isEmpty();
        assertThat(errors(config(OTHER_PROPERTIES, Map.of("linger.ms", "5")))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"all", "-1", "1", "0"})
    void acceptsEveryAcksMode(String acks) {
        assertThat(errors(config(ACKS, acks))).isEmpty();
    }

    @Test
    void rejectsValuesOutsideTheEnumsAndNegativeNumbers() {
        assertThat(errorFields(config(ACKS, "2"))).containsExactly(ACKS);
        assertThat(errorFields(config(COMPRESSION, "brotli"))).containsExactly(COMPRESSION);
        assertThat(errorFields(config(KAFKA_HEADERS_CHARSET, "KOI8-R"))).containsExactly(KAFKA_HEADERS_CHARSET);
        assertThat(errorFields(config(RETRIES, -1, BATCH_SIZE, -1, LINGER, -1, BUFFER_MEMORY, -1)))
                .containsExactly(RETRIES, BATCH_SIZE, LINGER, BUFFER_MEMORY);
    }

    @Test
    void explicitIdempotenceWithConflictingSettingsIsAnOtherPropertiesError() {
        assertThat(errors(config(OTHER_PROPERTIES, Map.of("enable.idempotence", "true")))).singleElement().asString()
                .startsWith("otherProperties: enable.idempotence=true does not work with retries=0:");
        assertThat(errors(config(RETRIES, 3, ACKS, "1", OTHER_PROPERTIES, Map.of("enable.idempotence", "true"))))
                .singleElement().asString().contains("does not work with acks=1:");
        assertThat(errors(config(RETRIES, 3, OTHER_PROPERTIES, Map.of("enable.idempotence", "true",
                "max.in.flight.requests.per.connection", "6")))).singleElement().asString()
                .contains("does not work with max.in.flight.requests.per.connection=6:");
        assertThat(errors(config(RETRIES, 3, OTHER_PROPERTIES, Map.of("enable.idempotence", "true",
                "acks", "0")))).singleElement().asString().contains("does not work with acks=0:");
    }

    @Test
    void idempotenceSettingsThatWorkAreAccepted() {
        assertThat(errors(config(RETRIES, 3, OTHER_PROPERTIES, Map.of("enable.idempotence", "true")))).isEmpty();
        assertThat(errors(config(OTHER_PROPERTIES, Map.of("enable.idempotence", "true", "retries", "1")))).isEmpty();
        // not asked for: the plugin turns it off itself
        assertThat(errors(config(ACKS, "1", OTHER_PROPERTIES, Map.of("max.in.flight.requests.per.connection", "6"))))
                .isEmpty();
        assertThat(errors(config(ACKS, "1", OTHER_PROPERTIES, Map.of("enable.idempotence", "false")))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"enable.idempotence=yes", "acks=ALL", "acks=2", "retries=-1", "retries=many",
            "max.in.flight.requests.per.connection=0", "max.in.flight.requests.per.connection=five"})
    void valuesKafkaClientsRejectInOtherPropertiesAreErrors(String kv) {
        String key = kv.substring(0, kv.indexOf('='));
        assertThat(errors(config(RETRIES, 3, OTHER_PROPERTIES, Map.of(key, kv.substring(kv.indexOf('=') + 1)))))
                .singleElement().asString().startsWith("otherProperties: " + key + " must be");
    }

    /** A configuration passes validation exactly when kafka-clients accepts the producer properties built from it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 | -1 | enable.idempotence=true",
            "3 | 1  | enable.idempotence=true",
            "3 | -1 | enable.idempotence=true,max.in.flight.requests.per.connection=6",
            "3 | -1 | enable.idempotence=true",
            "0 | -1 | enable.idempotence=true,retries=4",
            "0 | -1 | max.in.flight.requests.per.connection=6",
            "3 | -1 | max.in.flight.requests.per.connection=6",
            "3 | 1  | max.in.flight.requests.per.connection=7,enable.idempotence=false",
            "3 | -1 | enable.idempotence=maybe",
            "3 | -1 | acks=2"})
    void validationAgreesWithKafkaClients(int retries, String acks, String other) {
        Map<String, String> others = new HashMap<>();
        for (String kv : other.split(",")) {
            others.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        Config config = config(RETRIES, retries, ACKS, acks, OTHER_PROPERTIES, others);
        Map<String, Object> props = new HashMap<>(ClientProperties.producer(KafkaSettings.from(config), "cid"));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        String kafkaError = null;
        try {
            new ProducerConfig(props);
        } catch (ConfigException e) {
            kafkaError = e.getMessage();
        }
        assertThat(errorFields(config)).as("kafka-clients: %s", kafkaError)
                .isEqualTo(kafkaError == null ? List.of() : List.of(OTHER_PROPERTIES));
    }

    @Test
    void reportsEveryProblemNotJustTheFirst() {
        assertThat(errorFields(config(BOOTSTRAP_SERVERS, "x", TOPIC, "${x}", KEY, "${y}")))
                .containsExactly(BOOTSTRAP_SERVERS, TOPIC, KEY);
    }
}
