package io.tributary.kafka.check;

import io.tributary.integration.commons.check.SampleJson;
import io.tributary.kafka.record.RecordFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record as plain JSON values for the check answer: {@code topic}, {@code key} (text or null),
 * {@code headers} (list of {@code {key, value}}, repeated keys kept), {@code valueFormat}
 * ({@code json} or {@code base64}) and {@code value} (the JSON document as an object, or the raw
 * payload in base64).
 */
final class SampleRecord {
    private SampleRecord() {
    }

    static Map<String, Object> describe(ProducerRecord<byte[], byte[]> record, RecordFactory factory) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topic", record.topic());
        out.put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
        List<Object> headers = new ArrayList<>();
        for (Header h : record.headers()) {
            headers.add(SampleJson.header(h.key(), h.value() == null ? null : new String(h.value(), factory.headersCharset())));
        }
        out.put("headers", headers);
        SampleJson.putContent(out, "valueFormat", "value", record.value(), factory.jsonValues());
        return out;
    }
}
