package io.tributary.kafka.source;

import io.tributary.kafka.config.KafkaConfigSchema;
import io.tributary.plugin.api.config.Config;

import java.nio.charset.Charset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tributary.kafka.source.SourceConfigSchema.*;

/**
 * The Kafka to MQTT configuration as typed values.
 *
 * @param topicPattern    regular expression, or empty when {@code topics} are given
 * @param groupId         configured group, or empty for the default derived from the integration id
 * @param otherProperties extra consumer properties, applied after the fields; may hold secrets
 */
public record SourceSettings(String bootstrapServers, String clientIdPrefix, List<String> topics, String topicPattern,
                             String groupId, String autoOffsetReset, int maxInFlight, String mqttTopic,
                             boolean payloadFromJsonField, String payloadField, int qos, boolean retain,
                             boolean headersAsUserProperties, Map<String, String> userProperties,
                             Charset headersCharset, Map<String, String> otherProperties) {

    public SourceSettings {
        topics = List.copyOf(topics);
        userProperties = Collections.unmodifiableMap(new LinkedHashMap<>(userProperties));
        otherProperties = Map.copyOf(otherProperties);
    }

    public static SourceSettings from(Config c) {
        return new SourceSettings(
                c.getString(BOOTSTRAP_SERVERS, KafkaConfigSchema.DEFAULT_BOOTSTRAP_SERVERS).trim(),
                c.getString(CLIENT_ID_PREFIX, DEFAULT_CLIENT_ID_PREFIX).trim(),
                c.getStringList(TOPICS).stream().map(String::trim).filter(t -> !t.isEmpty()).toList(),
                c.getString(TOPIC_PATTERN, "").trim(),
                c.getString(GROUP_ID, "").trim(),
                c.getString(AUTO_OFFSET_RESET, "earliest"),
                c.getInt(MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT),
                c.getString(MQTT_TOPIC, DEFAULT_MQTT_TOPIC),
                PAYLOAD_JSON_FIELD.equals(c.getString(PAYLOAD_SOURCE, PAYLOAD_VALUE)),
                c.getString(PAYLOAD_FIELD, "").trim(),
                Integer.parseInt(c.getString(QOS, "1")),
                c.getBoolean(RETAIN, false),
                c.getBoolean(HEADERS_AS_USER_PROPERTIES, true),
                c.getStringMap(USER_PROPERTIES),
                Charset.forName(c.getString(HEADERS_CHARSET, "UTF-8")),
                c.getStringMap(OTHER_PROPERTIES));
    }

    /** The consumer group: the configured one, else {@code tributary-<integration id>}. */
    public String group(String integrationId) {
        return groupId.isEmpty() ? "tributary-" + integrationId : groupId;
    }

    @Override
    public String toString() {
        return "SourceSettings[bootstrapServers=" + bootstrapServers + ", topics=" + topics + ", topicPattern="
                + topicPattern + ", groupId=" + groupId + ", mqttTopic=" + mqttTopic + ", otherProperties="
                + otherProperties.keySet() + "]";
    }
}
