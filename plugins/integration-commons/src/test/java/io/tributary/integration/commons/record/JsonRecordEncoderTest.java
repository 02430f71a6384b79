package io.tributary.integration.commons.record;

import io.tributary.plugin.api.message.UserProperty;
import io.tributary.plugin.testkit.SampleMessages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonRecordEncoderTest {
    private static final RecordContext CONTEXT = new RecordContext("My integration", Map.of(), "tbmq_ie_node");

    private static String json(ValueEncoder encoder, io.tributary.plugin.api.message.IntegrationMessage m) {
        return new String(encoder.encode(m), StandardCharsets.UTF_8);
    }

    @Test
    void theRecordHasEveryFieldOfTheTbmqDocumentInOrder() {
        ValueEncoder encoder = ValueEncoder.of(false, CONTEXT);
        assertThat(encoder.isJson()).isTrue();
        assertThat(json(encoder, SampleMessages.temperature("tbmq/devices/device-01")))
                .isEqualTo("{\"payload\":\"eyJ0ZW1wZXJhdHVyZSI6MjV9\",\"topicName\":\"tbmq/devices/device-01\","
                        + "\"clientId\":\"tbmq_df52bNUQ\",\"eventType\":\"PUBLISH_MSG\",\"qos\":1,\"retain\":false,"
                        + "\"tbmqIeNode\":\"tbmq_ie_node\",\"tbmqNode\":\"tbmq_node\",\"ts\":1742554969254,\"props\":{},"
                        + "\"metadata\":{\"integrationName\":\"My integration\"}}");
    }

    @Test
    void textIsEscapedMetadataKeepsItsOrderAndTheNameWins() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("zone", "z");
        metadata.put("integrationName", "not me");
        metadata.put("quote", "a\"b");
        ValueEncoder encoder = ValueEncoder.of(false, new RecordContext("My \"integration\"", metadata, "n"));
        String json = json(encoder, SampleMessages.builder("t/\u00e9", new byte[0]).clientId("c\n1").build());
        assertThat(json).contains("\"payload\":\"\"", "\"topicName\":\"t/\u00e9\"", "\"clientId\":\"c\\n1\"",
                "\"metadata\":{\"integrationName\":\"My \\\"integration\\\"\",\"zone\":\"z\",\"quote\":\"a\\\"b\"}");
    }

    @Test
    void propsHoldUserPropertiesLastValueWins() {
        String json = json(ValueEncoder.of(false, CONTEXT), SampleMessages.builder("t", new byte[0]).userProperties(List.of(
                new UserProperty("a", "1"), new UserProperty("b", "2"), new UserProperty("a", "3"))).build());
        assertThat(json).contains("\"props\":{\"a\":\"3\",\"b\":\"2\"}");
    }

    @Test
    void rawModeIsThePayloadByteForByte() {
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        ValueEncoder raw = ValueEncoder.of(true, CONTEXT);
        assertThat(raw.isJson()).isFalse();
        assertThat(raw.encode(SampleMessages.builder("t", payload).build())).isEqualTo(payload);
    }

    @Test
    void theRecordReadsBackAsPlainJavaValues() {
        byte[] json = ValueEncoder.of(false, CONTEXT).encode(SampleMessages.builder("t", new byte[]{1})
                .userProperties(List.of(new UserProperty("k", "v"))).build());
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) JsonValues.parse(json);
        assertThat(record).containsKeys("payload", "topicName", "clientId", "eventType", "qos", "retain", "tbmqIeNode",
                "tbmqNode", "ts", "props", "metadata");
        assertThat(record.get("payload")).isEqualTo("AQ==");
        assertThat(record.get("qos")).isEqualTo(1);
        assertThat(record.get("retain")).isEqualTo(false);
        assertThat(record.get("ts")).isEqualTo(SampleMessages.RECEIVED_AT);
        assertThat(record.get("props")).isEqualTo(Map.of("k", "v"));
    }
}
