package io.tributary.kafka.record;

import io.tributary.integration.commons.record.RecordContext;
import io.tributary.integration.commons.record.UnsendableMessageException;
import io.tributary.kafka.config.KafkaSettings;
import io.tributary.plugin.api.message.UserProperty;
import io.tributary.plugin.testkit.SampleMessages;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tributary.kafka.TestConfigs.config;
import static io.tributary.kafka.config.KafkaConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordFactoryTest {
    private static final RecordContext CONTEXT = new RecordContext("Kafka integration", Map.of(), "tbmq_ie_node");

    private static RecordFactory factory(Object... config) {
        return RecordFactory.create(KafkaSettings.from(config(config)), CONTEXT);
    }

    private static String value(ProducerRecord<byte[], byte[]> r) {
        return new String(r.value(), StandardCharsets.UTF_8);
    }

    @Test
    void defaultValueIsTheSeedDocumentFieldForField() {
        ProducerRecord<byte[], byte[]> r = factory().build(SampleMessages.temperature("tbmq/kafka-integration"));
        assertThat(r.topic()).isEqualTo("tbmq.messages");
        assertThat(r.key()).isNull();
        assertThat(r.partition()).isNull(); // Kafka's default partitioner decides
        assertThat(value(r)).isEqualTo("{\"payload\":\"eyJ0ZW1wZXJhdHVyZSI6MjV9\",\"topicName\":\"tbmq/kafka-integration\","
                + "\"clientId\":\"tbmq_df52bNUQ\",\"eventType\":\"PUBLISH_MSG\",\"qos\":1,\"retain\":false,"
                + "\"tbmqIeNode\":\"tbmq_ie_node\",\"tbmqNode\":\"tbmq_node\",\"ts\":1742554969254,\"props\":{},"
                + "\"metadata\":{\"integrationName\":\"Kafka integration\"}}");
    }

    @Test
    void jsonEscapesTextAndKeepsTheIntegrationName() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("integrationName", "not me");
        metadata.put("quote", "a\"b");
        RecordFactory f = RecordFactory.create(KafkaSettings.from(config()),
                new RecordContext("Kafka \"integration\"", metadata, "n"));
        String json = value(f.build(SampleMessages.builder("t/\u00e9", new byte[0]).clientId("c\n1").build()));
        assertThat(json).contains("\"payload\":\"\"", "\"topicName\":\"t/\u00e9\"", "\"clientId\":\"c\\n1\"",
                "\"metadata\":{\"integrationName\":\"Kafka \\\"integration\\\"\",\"quote\":\"a\\\"b\"}");
    }

    @Test
    void propsHoldUserPropertiesLastValueWins() {
        String json = value(factory().build(SampleMessages.builder("t", new byte[0]).userProperties(List.of(
                new UserProperty("a", "1"), new UserProperty("b", "2"), new UserProperty("a", "3"))).build()));
        assertThat(json).contains("\"props\":{\"a\":\"3\",\"b\":\"2\"}");
    }

    @Test
    void rawModeSendsThePayloadBytes() {
        byte[] payload = {0, (byte) 0x80, (byte) 0xFF, 10};
        ProducerRecord<byte[], byte[]> r = factory(SEND_ONLY_MSG_PAYLOAD, true).build(SampleMessages.builder("t", payload).build());
        assertThat(r.value()).isEqualTo(payload);
    }

    @Test
    void headersUseTheConfiguredCharsetAndKeepRepeatedUserProperties() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("unit", "\u00b0C");
        headers.put("level", "${topicLevel[1]}");
        RecordFactory f = factory(KAFKA_HEADERS, headers, KAFKA_HEADERS_CHARSET, "UTF-16BE",
                USER_PROPERTIES_AS_HEADERS, true);
        ProducerRecord<byte[], byte[]> r = f.build(SampleMessages.builder("a/b", new byte[0]).userProperties(List.of(
                new UserProperty("k", "1"), new UserProperty("k", "2"))).build());
        List<String> out = new ArrayList<>();
        for (Header h : r.headers()) {
            out.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_16BE));
        }
        assertThat(out).containsExactly("unit=\u00b0C", "level=b", "k=1", "k=2");
    }

    @Test
    void keyTemplateRendersAndEmptyMeansNoKey() {
        assertThat(new String(factory(KEY, "${clientId}").build(SampleMessages.temperature("tbmq/kafka-integration")).key(), StandardCharsets.UTF_8))
                .isEqualTo(SampleMessages.CLIENT_ID);
        assertThat(factory(KEY, "${topicLevel[7]}").build(SampleMessages.temperature("tbmq/kafka-integration")).key()).isNull();
    }

    @Test
    void illegalTopicsAreRefused() {
        assertThatThrownBy(() -> RecordFactory.create(KafkaSettings.from(config(TOPIC, "${integrationName}")), CONTEXT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("topic: ");
        RecordFactory perMessage = factory(TOPIC, "x.${topicLevel[1]}");
        assertThat(perMessage.build(SampleMessages.text("a/ok", "")).topic()).isEqualTo("x.ok");
        assertThatThrownBy(() -> perMessage.build(SampleMessages.text("a/not ok", "")))
                .isInstanceOf(UnsendableMessageException.class).hasMessageContaining("'x.not ok'");
    }

    @Test
    void topicKeyAndHeadersReadTheJsonPayload() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("unit", "${payload.sensor.unit:C}");
        headers.put("tenant", "${props.tenant}");
        headers.put("content-type", "${contentType}");
        RecordFactory f = factory(TOPIC, "devices.${payload.deviceId}", KEY, "${payload.sensor.id}", KAFKA_HEADERS, headers);
        ProducerRecord<byte[], byte[]> r = f.build(SampleMessages.builder("t", "{\"deviceId\":\"d-1\",\"sensor\":{\"id\":7}}"
                .getBytes(StandardCharsets.UTF_8)).contentType("application/json")
                .userProperties(List.of(new UserProperty("tenant", "acme"))).build());
        assertThat(r.topic()).isEqualTo("devices.d-1");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("7");
        List<String> out = new ArrayList<>();
        r.headers().forEach(h -> out.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8)));
        assertThat(out).containsExactly("unit=C", "tenant=acme", "content-type=application/json");
    }

    @Test
    void aMessageTheTemplatesCannotReadIsUnsendable() {
        RecordFactory f = factory(TOPIC, "devices.${payload.deviceId}", KEY, "${payload.site:unknown}");
        assertThatThrownBy(() -> f.build(SampleMessages.text("t", "not json"))).isInstanceOf(UnsendableMessageException.class)
                .hasMessageStartingWith("topic 'devices.${payload.deviceId}': the payload is not JSON");
        assertThatThrownBy(() -> f.build(SampleMessages.text("t", "{\"site\":\"s\"}")))
                .isInstanceOf(UnsendableMessageException.class)
                .hasMessage("topic 'devices.${payload.deviceId}': the payload has no field 'deviceId' "
                        + "(give ${payload.deviceId:DEFAULT} a default)");
        assertThat(new String(f.build(SampleMessages.text("t", "{\"deviceId\":\"d\"}")).key(), StandardCharsets.UTF_8))
                .isEqualTo("unknown");
    }
}
