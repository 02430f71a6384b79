package io.tributary.kafka.source;

import io.tributary.kafka.config.BootstrapServers;
import io.tributary.kafka.config.KafkaConfigSchema;
import io.tributary.kafka.record.TopicNames;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.ValidationOutput;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static io.tributary.kafka.source.SourceConfigSchema.*;

/** The Kafka to MQTT rules the schema cannot express; every problem on its field; never contacts Kafka. */
public final class SourceConfigValidator {
    private SourceConfigValidator() {
    }

    public static void validate(Config config, String integrationName, Map<String, String> metadata,
                                ValidationOutput out) {
        BootstrapServers.problem(config.getString(BOOTSTRAP_SERVERS)).ifPresent(p -> out.error(BOOTSTRAP_SERVERS, p));
        List<String> topics = config.getStringList(TOPICS);
        String pattern = config.getString(TOPIC_PATTERN, "").trim();
        boolean anyTopic = topics.stream().anyMatch(t -> !t.isBlank());
        if (!anyTopic && pattern.isEmpty()) {
            out.error(TOPICS, "give the Kafka topics to consume, or a topic pattern");
        } else if (anyTopic && !pattern.isEmpty()) {
            out.error(TOPIC_PATTERN, "give either topics or a topic pattern, not both");
        }
        for (int i = 0; i < topics.size(); i++) {
            String t = topics.get(i).trim();
            int index = i;
            if (t.isEmpty()) {
                out.error(TOPICS, "topic " + (i + 1) + " is empty");
            } else {
                TopicNames.problem(t).ifPresent(p -> out.error(TOPICS, "topic " + (index + 1) + " '" + t + "': " + p));
            }
        }
        if (!pattern.isEmpty()) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                out.error(TOPIC_PATTERN, "not a valid regular expression: " + e.getDescription() + " near position "
                        + e.getIndex());
            }
        }
        String group = config.getString(GROUP_ID, "");
        if (group != null && !group.isEmpty() && group.isBlank()) {
            out.error(GROUP_ID, "must not be only spaces");
        }
        template(MQTT_TOPIC, config.getString(MQTT_TOPIC, DEFAULT_MQTT_TOPIC), integrationName, metadata, out, true);
        for (Map.Entry<String, String> p : config.getStringMap(USER_PROPERTIES).entrySet()) {
            if (p.getKey().isBlank()) {
                out.error(USER_PROPERTIES, "user property names must not be blank");
            }
            template(USER_PROPERTIES, p.getValue(), integrationName, metadata, out, false);
        }
        if (PAYLOAD_JSON_FIELD.equals(config.getString(PAYLOAD_SOURCE, PAYLOAD_VALUE))) {
            String field = config.getString(PAYLOAD_FIELD, "").trim();
            if (field.isEmpty()) {
                out.error(PAYLOAD_FIELD, "name the JSON field whose value becomes the payload, e.g. data.reading");
            } else if (List.of(field.split("\\.", -1)).contains("")) {
                out.error(PAYLOAD_FIELD, "'" + field + "' has an empty segment: write a.b.c");
            }
        }
        oneOf(config, PAYLOAD_SOURCE, List.of(PAYLOAD_VALUE, PAYLOAD_JSON_FIELD), out);
        oneOf(config, QOS, List.of("0", "1", "2"), out);
        oneOf(config, AUTO_OFFSET_RESET, OFFSET_RESETS, out);
        oneOf(config, HEADERS_CHARSET, KafkaConfigSchema.CHARSETS, out);
        Map<String, String> other = config.getStringMap(OTHER_PROPERTIES);
        if (other.keySet().stream().anyMatch(k -> k.startsWith("ssl."))
                && (other.get("security.protocol") == null || other.get("security.protocol").isBlank())) {
            out.error(OTHER_PROPERTIES, "ssl.* properties are set: add security.protocol (SSL or SASL_SSL)");
        }
        for (String fixed : List.of("enable.auto.commit", "group.id", "key.deserializer", "value.deserializer")) {
            if (other.containsKey(fixed)) {
                out.error(OTHER_PROPERTIES, fixed + " is set by the integration (offsets are committed only after "
                        + "the broker accepted each message); remove it");
            }
        }
    }

    private static void template(String field, String text, String integrationName, Map<String, String> metadata,
                                 ValidationOutput out, boolean mqttTopic) {
        try {
            SourceTemplate t = SourceTemplate.compile(text, integrationName, metadata);
            if (mqttTopic) {
                if (text == null || text.isBlank()) {
                    out.error(field, "an MQTT topic is required");
                } else if (t.isConstant() && (text.contains("+") || text.contains("#"))) {
                    out.error(field, "an MQTT topic name cannot contain + or # (those are for subscriptions)");
                }
            }
        } catch (IllegalArgumentException e) {
            out.error(field, e.getMessage());
        }
    }

    private static void oneOf(Config config, String field, List<String> allowed, ValidationOutput out) {
        String v = config.getString(field);
        if (v != null && !allowed.contains(v)) {
            out.error(field, "must be one of " + String.join(", ", allowed));
        }
    }
}
