package io.tributary.kafka.source;

import io.tributary.integration.commons.record.JsonValues;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One Kafka record as templates read it; the JSON value is parsed at most once. */
public final class RecordView {
    private static final Object NOT_PARSED = new Object();

    private final ConsumerRecord<byte[], byte[]> record;
    private final Charset headersCharset;
    private Object json = NOT_PARSED;
    private String jsonProblem;

    public RecordView(ConsumerRecord<byte[], byte[]> record, Charset headersCharset) {
        this.record = record;
        this.headersCharset = headersCharset;
    }

    public ConsumerRecord<byte[], byte[]> record() {
        return record;
    }

    String topic() {
        return record.topic();
    }

    int partition() {
        return record.partition();
    }

    long offset() {
        return record.offset();
    }

    long timestamp() {
        return record.timestamp();
    }

    /** The key as UTF-8 text, or null when the record has none. */
    String key() {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    /** The last header of that name, decoded, or null. */
    String header(String name) {
        Header h = record.headers().lastHeader(name);
        if (h == null) {
            return null;
        }
        return h.value() == null ? "" : new String(h.value(), headersCharset);
    }

    /**
     * The field at the dot-separated {@code path} of the JSON value: text as is, other values as
     * JSON text; null when missing.
     *
     * @throws SourceTemplate.RenderException when the value is not JSON
     */
    String jsonText(String path) {
        Object v = field(path);
        if (v == null) {
            return null;
        }
        return v instanceof String s ? s : JsonText.write(v);
    }

    /**
     * The value at {@code path} as plain Java (Map, List, String, Number, Boolean), or null when
     * missing or JSON null.
     */
    Object field(String path) {
        Object node = json();
        for (String segment : path.split("\\.", -1)) {
            if (node instanceof Map<?, ?> map) {
                node = map.get(segment);
            } else if (node instanceof List<?> list && segment.chars().allMatch(Character::isDigit)
                    && !segment.isEmpty() && segment.length() < 10 && Integer.parseInt(segment) < list.size()) {
                node = list.get(Integer.parseInt(segment));
            } else {
                return null;
            }
        }
        return node;
    }

    private Object json() {
        if (json == NOT_PARSED) {
            try {
                byte[] value = record.value();
                json = value == null ? null : JsonValues.parse(value);
                if (value == null) {
                    jsonProblem = "the record has no value";
                }
            } catch (RuntimeException e) {
                json = null;
                jsonProblem = "the record value is not JSON";
            }
        }
        if (jsonProblem != null) {
            throw new SourceTemplate.RenderException(jsonProblem);
        }
        return json;
    }
}
