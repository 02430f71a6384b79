package io.tributary.kafka.record;

import io.tributary.integration.commons.record.RecordContext;
import io.tributary.integration.commons.record.ValueEncoder;
import io.tributary.integration.commons.template.Template;
import io.tributary.integration.commons.template.TemplateException;
import io.tributary.kafka.config.KafkaSettings;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.message.UserProperty;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the Kafka record for an MQTT message: topic and key from their templates, configured
 * headers (plus MQTT 5 user properties when enabled, repeated keys kept), and the value (the
 * seed's JSON document or the raw payload). Templates are parsed once; thread-safe. The
 * partition is left to Kafka's default partitioner, so the same key lands on the same partition.
 */
public final class RecordFactory {
    private final Template topic;
    /** Topic when it does not depend on the message, validated once. */
    private final String fixedTopic;
    private final Template key;
    private final List<HeaderTemplate> headers;
    private final Charset headersCharset;
    private final boolean userPropertiesAsHeaders;
    private final ValueEncoder value;

    private RecordFactory(Template topic, Template key, List<HeaderTemplate> headers, Charset headersCharset,
                          boolean userPropertiesAsHeaders, ValueEncoder value) {
        this.topic = topic;
        this.fixedTopic = topic.isConstant() ? topic.render(null) : null;
        this.key = key;
        this.headers = List.copyOf(headers);
        this.headersCharset = headersCharset;
        this.userPropertiesAsHeaders = userPropertiesAsHeaders;
        this.value = value;
    }

    /**
     * @throws IllegalArgumentException when a template does not parse or the topic is fixed and
     *                                  not a legal Kafka topic name (the message says which field)
     */
    public static RecordFactory create(KafkaSettings settings, RecordContext context) {
        Template topic = bound("topic", settings.topic(), context);
        if (topic.isConstant()) {
            Optional<String> problem = TopicNames.problem(topic.render(null));
            if (problem.isPresent()) {
                throw new IllegalArgumentException("topic: " + problem.get());
            }
        }
        Template key = bound("key", settings.key(), context);
        List<HeaderTemplate> headers = new ArrayList<>();
        for (Map.Entry<String, String> h : settings.kafkaHeaders().entrySet()) {
            headers.add(new HeaderTemplate(h.getKey(), bound("kafkaHeaders." + h.getKey(), h.getValue(), context)));
        }
        ValueEncoder value = ValueEncoder.of(settings.sendOnlyMsgPayload(), context);
        return new RecordFactory(topic, key, headers, settings.headersCharset(), settings.userPropertiesAsHeaders(),
                value);
    }

    private static Template bound(String field, String text, RecordContext context) {
        try {
            return Template.compile(text == null ? "" : text).bind(context.integrationName(), context.metadata());
        } catch (TemplateException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    /**
     * The record for {@code message}.
     *
     * @throws UnsendableMessageException when the topic expands to an illegal Kafka topic name
     */
    public ProducerRecord<byte[], byte[]> build(IntegrationMessage message) {
        String kafkaTopic = fixedTopic != null ? fixedTopic : expandTopic(message);
        byte[] keyBytes = null;
        if (!key.isEmpty()) {
            String k = key.render(message);
            // an empty key means "no key", as for an empty key field
            keyBytes = k.isEmpty() ? null : k.getBytes(StandardCharsets.UTF_8);
        }
        return new ProducerRecord<>(kafkaTopic, null, null, keyBytes, value.encode(message), headers(message));
    }

    private String expandTopic(IntegrationMessage message) {
        String t = topic.render(message);
        Optional<String> problem = TopicNames.problem(t);
        if (problem.isPresent()) {
            throw new UnsendableMessageException("Kafka topic '" + t + "' from template '" + topic.source()
                    + "' is illegal: " + problem.get());
        }
        return t;
    }

    private RecordHeaders headers(IntegrationMessage message) {
        RecordHeaders out = new RecordHeaders();
        for (HeaderTemplate h : headers) {
            out.add(new RecordHeader(h.name(), h.value().render(message).getBytes(headersCharset)));
        }
        if (userPropertiesAsHeaders) {
            for (UserProperty p : message.userProperties()) {
                out.add(new RecordHeader(p.key(), p.value().getBytes(headersCharset)));
            }
        }
        return out;
    }

    /** True when values are the seed's JSON document, false for the raw payload. */
    public boolean jsonValues() {
        return value.isJson();
    }

    /** Charset of header values. */
    public Charset headersCharset() {
        return headersCharset;
    }
}
