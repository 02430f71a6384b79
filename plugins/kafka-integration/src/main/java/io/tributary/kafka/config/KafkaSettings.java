package io.tributary.kafka.config;

import io.tributary.plugin.api.config.Config;

import java.nio.charset.Charset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.tributary.kafka.config.KafkaConfigSchema.*;

/**
 * The Kafka integration's configuration as typed values, read once from a validated
 * {@link Config} (missing values fall back to the schema defaults).
 *
 * @param otherProperties extra producer properties, applied after the fields above; may hold secrets
 * @param kafkaHeaders    header name → value template
 */
public record KafkaSettings(boolean sendOnlyMsgPayload, String bootstrapServers, String topic, String key,
                            String clientIdPrefix, int retries, int batchSize, int linger, long bufferMemory,
                            String acks, String compression, Map<String, String> otherProperties,
                            Map<String, String> kafkaHeaders, Charset headersCharset,
                            boolean userPropertiesAsHeaders) {

    public KafkaSettings {
        otherProperties = Map.copyOf(otherProperties);
        kafkaHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(kafkaHeaders));
    }

    /** Reads a configuration that passed {@link KafkaConfigValidator}. */
    public static KafkaSettings from(Config config) {
        return new KafkaSettings(
                config.getBoolean(SEND_ONLY_MSG_PAYLOAD, false),
                config.getString(BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS).trim(),
                config.getString(TOPIC, DEFAULT_TOPIC).trim(),
                nullToEmpty(config.getString(KEY)),
                config.getString(CLIENT_ID_PREFIX, DEFAULT_CLIENT_ID_PREFIX).trim(),
                config.getInt(RETRIES, 0),
                config.getInt(BATCH_SIZE, 16384),
                config.getInt(LINGER, 0),
                config.getLong(BUFFER_MEMORY, 33554432L),
                config.getString(ACKS, "-1"),
                config.getString(COMPRESSION, "none"),
                config.getStringMap(OTHER_PROPERTIES),
                config.getStringMap(KAFKA_HEADERS),
                Charset.forName(config.getString(KAFKA_HEADERS_CHARSET, "UTF-8")),
                config.getBoolean(USER_PROPERTIES_AS_HEADERS, false));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        // otherProperties may hold secrets: show keys only
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", key=" + key
                + ", otherProperties=" + otherProperties.keySet() + "]";
    }
}
