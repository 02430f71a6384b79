package io.tributary.kafka.source;

import io.tributary.kafka.config.KafkaConfigSchema;
import io.tributary.kafka.config.KafkaSecrets;
import io.tributary.plugin.api.config.ConfigSchema;

import java.util.List;
import java.util.Map;

/** The configuration form of the Kafka to MQTT integration. Connection and security fields are the KAFKA type's. */
public final class SourceConfigSchema {
    public static final String BOOTSTRAP_SERVERS = KafkaConfigSchema.BOOTSTRAP_SERVERS;
    public static final String CLIENT_ID_PREFIX = KafkaConfigSchema.CLIENT_ID_PREFIX;
    public static final String OTHER_PROPERTIES = KafkaConfigSchema.OTHER_PROPERTIES;
    public static final String TOPICS = "topics";
    public static final String TOPIC_PATTERN = "topicPattern";
    public static final String GROUP_ID = "groupId";
    public static final String AUTO_OFFSET_RESET = "autoOffsetReset";
    public static final String MQTT_TOPIC = "mqttTopic";
    public static final String PAYLOAD_SOURCE = "payloadSource";
    public static final String PAYLOAD_FIELD = "payloadField";
    public static final String QOS = "qos";
    public static final String RETAIN = "retain";
    public static final String HEADERS_AS_USER_PROPERTIES = "headersAsUserProperties";
    public static final String USER_PROPERTIES = "userProperties";
    public static final String HEADERS_CHARSET = "headersCharset";
    public static final String MAX_IN_FLIGHT = "maxInFlight";

    public static final String DEFAULT_CLIENT_ID_PREFIX = "tributary-kafka-to-mqtt";
    public static final String DEFAULT_MQTT_TOPIC = "kafka/${kafka.topic}";
    public static final String PAYLOAD_VALUE = "value";
    public static final String PAYLOAD_JSON_FIELD = "jsonField";
    public static final List<String> OFFSET_RESETS = List.of("earliest", "latest");
    public static final int DEFAULT_MAX_IN_FLIGHT = 500;

    private static final String TEMPLATE_HINT = " Placeholders: ${kafka.topic}, ${kafka.key}, ${kafka.partition}, "
            + "${kafka.offset}, ${kafka.header.NAME}, ${payload.FIELD} (a field of the JSON value, e.g. "
            + "${payload.device.id}), ${integrationName}, ${metadata.NAME}; ${name:default} when it may be missing.";

    private static final ConfigSchema SCHEMA = build();

    private SourceConfigSchema() {
    }

    public static ConfigSchema schema() {
        return SCHEMA;
    }

    private static ConfigSchema build() {
        return ConfigSchema.builder()
                .group("connection", "Connection")
                .string(BOOTSTRAP_SERVERS, f -> f.title("Bootstrap servers").required()
                        .defaultValue(KafkaConfigSchema.DEFAULT_BOOTSTRAP_SERVERS)
                        .placeholder(KafkaConfigSchema.DEFAULT_BOOTSTRAP_SERVERS)
                        .description("Kafka broker addresses (comma-separated list of hostnames/IPs and ports)."))
                .string(CLIENT_ID_PREFIX, f -> f.title("Client ID prefix").defaultValue(DEFAULT_CLIENT_ID_PREFIX)
                        .description("Prefix of the Kafka consumer's client ID (followed by the integration id)."))

                .group("consume", "Consume")
                .stringList(TOPICS, f -> f.title("Kafka topics").defaultValue(List.of())
                        .description("Topics to consume. Give these or a topic pattern, not both."))
                .string(TOPIC_PATTERN, f -> f.title("Topic pattern").defaultValue("")
                        .placeholder("sensors\\..*")
                        .description("A Java regular expression; every topic whose whole name matches is consumed, "
                                + "including topics created later. Instead of a topic list."))
                .string(GROUP_ID, f -> f.title("Consumer group").defaultValue("")
                        .placeholder("tributary-<integration id>")
                        .description("Kafka consumer group; its committed offsets are where consumption resumes "
                                + "after a restart. Empty: tributary-<integration id>."))
                .enumeration(AUTO_OFFSET_RESET, f -> f.title("Start of a new group").defaultValue("earliest")
                        .description("Where a group without committed offsets starts: earliest (every record still "
                                + "in the topic) or latest (only records produced from then on).")
                        .option("earliest", "earliest").option("latest", "latest"))
                .integer(MAX_IN_FLIGHT, f -> f.title("Records in flight").defaultValue((long) DEFAULT_MAX_IN_FLIGHT)
                        .min(1).max(10_000)
                        .description("Records published but not yet accepted by the broker; beyond, consumption "
                                + "pauses until the broker catches up."))

                .group("mqtt", "MQTT message")
                .string(MQTT_TOPIC, f -> f.title("MQTT topic").required().defaultValue(DEFAULT_MQTT_TOPIC)
                        .placeholder(DEFAULT_MQTT_TOPIC)
                        .description("Topic each record is published to." + TEMPLATE_HINT))
                .enumeration(PAYLOAD_SOURCE, f -> f.title("Payload").defaultValue(PAYLOAD_VALUE)
                        .description("The record value as it is, or one field of a JSON value.")
                        .option(PAYLOAD_VALUE, "Record value").option(PAYLOAD_JSON_FIELD, "A field of the JSON value"))
                .string(PAYLOAD_FIELD, f -> f.title("JSON field").defaultValue("").placeholder("data.reading")
                        .visibleWhen(PAYLOAD_SOURCE, PAYLOAD_JSON_FIELD)
                        .description("Dot-separated path of the field whose value becomes the payload (text as is, "
                                + "other values as JSON)."))
                .enumeration(QOS, f -> f.title("QoS").defaultValue("1")
                        .description("QoS of the published messages. At 1 and 2 an offset is committed only after "
                                + "the broker stored the message for every persistent subscriber and integration.")
                        .option("0", "0").option("1", "1").option("2", "2"))
                .bool(RETAIN, f -> f.title("Retain").defaultValue(false)
                        .description("Publish as retained messages (a record without value then clears the topic's "
                                + "retained message)."))
                .bool(HEADERS_AS_USER_PROPERTIES, f -> f.title("Headers as user properties").defaultValue(true)
                        .description("Kafka record headers become MQTT 5 user properties (repeated keys kept)."))
                .stringMap(USER_PROPERTIES, f -> f.title("User properties").defaultValue(Map.of())
                        .description("MQTT 5 user properties added to every message; values may use placeholders."))
                .enumeration(HEADERS_CHARSET, f -> {
                    f.title("Headers charset").defaultValue("UTF-8")
                            .description("Charset header values are decoded with.");
                    KafkaConfigSchema.CHARSETS.forEach(c -> f.option(c, c));
                })

                .advancedGroup("security", "Security & advanced")
                .stringMap(OTHER_PROPERTIES, f -> f.title("Other properties").defaultValue(Map.of())
                        .description("Additional Kafka consumer configuration as key-value pairs (security.protocol, "
                                + "sasl.*, ssl.*, ...), as for the Kafka type.")
                        .secretKeys(KafkaSecrets.PROPERTY_KEYS.toArray()))
                .build();
    }
}
