package io.tributary.kafka.config;

import io.tributary.kafka.record.TopicNames;
import io.tributary.kafka.template.Template;
import io.tributary.kafka.template.TemplateException;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.ValidationOutput;
import io.tributary.plugin.api.message.IntegrationMessage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tributary.kafka.config.KafkaConfigSchema.*;

/**
 * The rules the schema cannot express. Reports every problem, each on the field to fix; never
 * contacts Kafka. Enum and range rules the platform already checked from the schema are checked
 * again so the plugin is safe when called directly.
 */
public final class KafkaConfigValidator {
    /** Sample values used to expand the topic template; all legal in Kafka topic names. */
    static final String SAMPLE_TOPIC = "tbmq/devices/device-01/status";
    static final String SAMPLE_CLIENT_ID = "tbmq_df52bNUQ";
    static final String SAMPLE_INTEGRATION_NAME = "integration";

    private KafkaConfigValidator() {
    }

    public static void validate(Config config, Map<String, String> metadata, ValidationOutput out) {
        Optional<String> servers = BootstrapServers.problem(config.getString(BOOTSTRAP_SERVERS));
        servers.ifPresent(p -> out.error(BOOTSTRAP_SERVERS, p));

        validateTopic(config.getString(TOPIC), metadata, out);
        compile(KEY, config.getString(KEY), metadata, out);
        for (Map.Entry<String, String> h : config.getStringMap(KAFKA_HEADERS).entrySet()) {
            if (h.getKey().isBlank()) {
                out.error(KAFKA_HEADERS, "header names must not be blank");
            }
            compile(KAFKA_HEADERS, "header '" + h.getKey() + "': ", h.getValue(), metadata, out);
        }

        Map<String, String> other = config.getStringMap(OTHER_PROPERTIES);
        boolean ssl = other.keySet().stream().anyMatch(k -> k.startsWith("ssl."));
        String protocol = other.get("security.protocol");
        if (ssl && (protocol == null || protocol.isBlank())) {
            out.error(OTHER_PROPERTIES, "ssl.* properties are set: add security.protocol (SSL or SASL_SSL)");
        }

        oneOf(config, ACKS, ACKS_VALUES, out);
        oneOf(config, COMPRESSION, COMPRESSION_VALUES, out);
        oneOf(config, KAFKA_HEADERS_CHARSET, CHARSETS, out);
        for (String f : List.of(RETRIES, BATCH_SIZE, LINGER, BUFFER_MEMORY)) {
            if (config.getLong(f, 0) < 0) {
                out.error(f, "must be 0 or more");
            }
        }
    }

    private static void validateTopic(String topic, Map<String, String> metadata, ValidationOutput out) {
        if (topic == null || topic.isBlank()) {
            out.error(TOPIC, "a Kafka topic is required");
            return;
        }
        Template template = compile(TOPIC, topic, metadata, out);
        if (template == null) {
            return;
        }
        String expanded = template.bind(SAMPLE_INTEGRATION_NAME, metadata).render(sample(template.maxTopicLevel()));
        TopicNames.problem(expanded).ifPresent(p -> out.error(TOPIC, template.isConstant() || expanded.equals(topic)
                ? p : "expands to '" + expanded + "' for a sample message: " + p));
    }

    /** A sample message whose topic has at least {@code maxLevel + 1} levels. */
    private static IntegrationMessage sample(int maxLevel) {
        StringBuilder topic = new StringBuilder(SAMPLE_TOPIC);
        for (int level = 4; level <= maxLevel; level++) {
            topic.append("/level").append(level);
        }
        return IntegrationMessage.builder().topic(topic.toString()).clientId(SAMPLE_CLIENT_ID).qos(1).build();
    }

    private static Template compile(String field, String text, Map<String, String> metadata, ValidationOutput out) {
        return compile(field, "", text, metadata, out);
    }

    private static Template compile(String field, String prefix, String text, Map<String, String> metadata,
                                    ValidationOutput out) {
        try {
            Template t = Template.compile(text == null ? "" : text);
            for (String key : t.metadataKeys()) {
                if (!metadata.containsKey(key)) {
                    out.error(field, prefix + "${metadata." + key + "} names no key of the integration's metadata");
                    return null;
                }
            }
            return t;
        } catch (TemplateException e) {
            out.error(field, prefix + e.getMessage());
            return null;
        }
    }

    private static void oneOf(Config config, String field, List<String> allowed, ValidationOutput out) {
        String v = config.getString(field);
        if (v != null && !allowed.contains(v)) {
            out.error(field, "must be one of " + String.join(", ", allowed));
        }
    }
}
