package io.tributary.kafka.config;

import io.tributary.integration.commons.template.Template;
import io.tributary.integration.commons.template.TemplateFields;
import io.tributary.kafka.record.TopicNames;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.ValidationOutput;

import java.util.HashMap;
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
    private KafkaConfigValidator() {
    }

    public static void validate(Config config, Map<String, String> metadata, ValidationOutput out) {
        Optional<String> servers = BootstrapServers.problem(config.getString(BOOTSTRAP_SERVERS));
        servers.ifPresent(p -> out.error(BOOTSTRAP_SERVERS, p));

        validateTopic(config.getString(TOPIC), metadata, out);
        TemplateFields.compile(KEY, config.getString(KEY), metadata, out);
        for (Map.Entry<String, String> h : config.getStringMap(KAFKA_HEADERS).entrySet()) {
            if (h.getKey().isBlank()) {
                out.error(KAFKA_HEADERS, "header names must not be blank");
            }
            TemplateFields.compile(KAFKA_HEADERS, "header '" + h.getKey() + "': ", h.getValue(), metadata, out);
        }

        Map<String, String> other = config.getStringMap(OTHER_PROPERTIES);
        boolean ssl = other.keySet().stream().anyMatch(k -> k.startsWith("ssl."));
        String protocol = other.get("security.protocol");
        if (ssl && (protocol == null || protocol.isBlank())) {
            out.error(OTHER_PROPERTIES, "ssl.* properties are set: add security.protocol (SSL or SASL_SSL)");
        }
        validateIdempotence(config, other, out);

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
        Template template = TemplateFields.compile(TOPIC, topic, metadata, out);
        if (template == null) {
            return;
        }
        // the sample's topic, client id and name are all legal in Kafka topic names
        String expanded = TemplateFields.expandForSample(template, metadata);
        TopicNames.problem(expanded).ifPresent(p -> out.error(TOPIC, template.isConstant() || expanded.equals(topic)
                ? p : "expands to '" + expanded + "' for a sample message: " + p));
    }


    /**
     * What kafka-clients would reject with a ConfigException when the producer is created: values of
     * the settings that decide idempotence, and {@code enable.idempotence=true} with settings it cannot
     * work with (see {@link Idempotence}).
     */
    private static void validateIdempotence(Config config, Map<String, String> other, ValidationOutput out) {
        boolean invalid = false;
        String enable = other.get(Idempotence.ENABLE_IDEMPOTENCE);
        if (enable != null && !enable.trim().equalsIgnoreCase("true") && !enable.trim().equalsIgnoreCase("false")) {
            out.error(OTHER_PROPERTIES, "enable.idempotence must be true or false");
            invalid = true;
        }
        String acks = other.get(Idempotence.ACKS);
        if (acks != null && !ACKS_VALUES.contains(acks.trim())) {
            out.error(OTHER_PROPERTIES, "acks must be one of " + String.join(", ", ACKS_VALUES));
            invalid = true;
        }
        invalid |= !wholeNumber(other, Idempotence.RETRIES, 0, out);
        invalid |= !wholeNumber(other, Idempotence.MAX_IN_FLIGHT, 1, out);
        if (invalid) {
            return;
        }
        // the same order as the producer's properties: the fields, then otherProperties
        Map<String, Object> effective = new HashMap<>();
        effective.put(Idempotence.ACKS, config.getString(ACKS, "-1"));
        effective.put(Idempotence.RETRIES, config.getLong(RETRIES, 0));
        effective.putAll(other);
        Idempotence idempotence = Idempotence.decide(effective);
        if (idempotence.misconfigured()) {
            out.error(OTHER_PROPERTIES, "enable.idempotence=true does not work with " + String.join(", ",
                    idempotence.conflicts()) + ": the idempotent producer needs acks all (-1), retries above 0 and "
                    + Idempotence.MAX_IN_FLIGHT + " at most " + Idempotence.MAX_IN_FLIGHT_FOR_IDEMPOTENCE
                    + "; change those or remove enable.idempotence");
        }
    }

    /** False (and an error) when {@code otherProperties} sets {@code key} to anything but an int of at least {@code min}. */
    private static boolean wholeNumber(Map<String, String> other, String key, int min, ValidationOutput out) {
        String v = other.get(key);
        if (v == null) {
            return true;
        }
        try {
            if (Integer.parseInt(v.trim()) >= min) {
                return true;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        out.error(OTHER_PROPERTIES, key + " must be a whole number, " + min + " or more");
        return false;
    }

    private static void oneOf(Config config, String field, List<String> allowed, ValidationOutput out) {
        String v = config.getString(field);
        if (v != null && !allowed.contains(v)) {
            out.error(field, "must be one of " + String.join(", ", allowed));
        }
    }
}
