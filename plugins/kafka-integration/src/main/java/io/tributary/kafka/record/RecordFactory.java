package io.tributary.kafka.record;

import io.tributary.integration.commons.record.RecordContext;
import io.tributary.integration.commons.record.UnsendableMessageException;
import io.tributary.integration.commons.record.ValueEncoder;
import io.tributary.integration.commons.template.HeaderTemplate;
import io.tributary.integration.commons.template.MessageValues;
import io.tributary.integration.commons.template.PayloadReader;
import io.tributary.integration.commons.template.RenderException;
import io.tributary.integration.commons.template.Template;
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
import java.util.Optional;

import static io.tributary.integration.commons.template.TemplateFields.bound;

/**
 * Builds the Kafka record for an MQTT message: topic and key from their templates, configured
 * headers (plus MQTT 5 user properties when enabled, repeated keys kept), and the value (the
 * seed's JSON document or the raw payload). Templates are parsed once, and a JSON payload at
 * most once per record, however many templates read it; thread-safe. The
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
    /** The payload fields the topic, key and header templates read. */
    private final PayloadReader payload;

    private RecordFactory(Template topic, Template key, List<HeaderTemplate> headers, Charset headersCharset,
                          boolean userPropertiesAsHeaders, ValueEncoder value) {
        this.topic = topic;
        this.fixedTopic = topic.isConstant() ? topic.render(null) : null;
        this.key = key;
        this.headers = List.copyOf(headers);
        this.headersCharset = headersCharset;
        this.userPropertiesAsHeaders = userPropertiesAsHeaders;
        this.value = value;
        List<Template> all = new ArrayList<>(List.of(topic, key));
        this.headers.forEach(h -> all.add(h.value()));
        this.payload = PayloadReader.of(all);
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
        List<HeaderTemplate> headers = HeaderTemplate.bindAll("kafkaHeaders", settings.kafkaHeaders(), context);
        ValueEncoder value = ValueEncoder.of(settings.sendOnlyMsgPayload(), context);
        return new RecordFactory(topic, key, headers, settings.headersCharset(), settings.userPropertiesAsHeaders(),
                value);
    }

    /**
     * The record for {@code message}.
     *
     * @throws UnsendableMessageException when the topic expands to an illegal Kafka topic name, or
     *                                     a template reads a value the message lacks or a payload
     *                                     that is not JSON
     */
    public ProducerRecord<byte[], byte[]> build(IntegrationMessage message) {
        MessageValues values = payload.values(message);
        String kafkaTopic = fixedTopic != null ? fixedTopic : expandTopic(values);
        byte[] keyBytes = null;
        if (!key.isEmpty()) {
            String k = render("key", key, values);
            // an empty key means "no key", as for an empty key field
            keyBytes = k.isEmpty() ? null : k.getBytes(StandardCharsets.UTF_8);
        }
        return new ProducerRecord<>(kafkaTopic, null, null, keyBytes, value.encode(message), headers(values));
    }

    private static String render(String field, Template template, MessageValues values) {
        try {
            return values.render(template);
        } catch (RenderException e) {
            throw new UnsendableMessageException(field + " '" + template.source() + "': " + e.getMessage());
        }
    }

    private String expandTopic(MessageValues values) {
        String t = render("topic", topic, values);
        Optional<String> problem = TopicNames.problem(t);
        if (problem.isPresent()) {
            throw new UnsendableMessageException("Kafka topic '" + t + "' from template '" + topic.source()
                    + "' is illegal: " + problem.get());
        }
        return t;
    }

    private RecordHeaders headers(MessageValues values) {
        RecordHeaders out = new RecordHeaders();
        for (HeaderTemplate h : headers) {
            out.add(new RecordHeader(h.name(), render("header '" + h.name() + "'", h.value(), values)
                    .getBytes(headersCharset)));
        }
        if (userPropertiesAsHeaders) {
            for (UserProperty p : values.message().userProperties()) {
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
