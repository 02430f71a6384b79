package io.tributary.kafka.config;

import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.Field;

import java.util.List;
import java.util.Map;

/**
 * The configuration form of the Kafka integration. Field names are the JSON keys of TBMQ's
 * {@code clientConfiguration}, so exported TBMQ integrations keep working.
 */
public final class KafkaConfigSchema {
    public static final String SEND_ONLY_MSG_PAYLOAD = "sendOnlyMsgPayload";
    public static final String BOOTSTRAP_SERVERS = "bootstrapServers";
    public static final String TOPIC = "topic";
    public static final String KEY = "key";
    public static final String CLIENT_ID_PREFIX = "clientIdPrefix";
    public static final String RETRIES = "retries";
    public static final String BATCH_SIZE = "batchSize";
    public static final String LINGER = "linger";
    public static final String BUFFER_MEMORY = "bufferMemory";
    public static final String ACKS = "acks";
    public static final String COMPRESSION = "compression";
    public static final String OTHER_PROPERTIES = "otherProperties";
    public static final String KAFKA_HEADERS = "kafkaHeaders";
    public static final String KAFKA_HEADERS_CHARSET = "kafkaHeadersCharset";
    public static final String USER_PROPERTIES_AS_HEADERS = "userPropertiesAsHeaders";
    /** Loop protection: send messages a Kafka to MQTT integration took from the very topic this one writes to. */
    public static final String ALLOW_FROM_SAME_TOPIC = "allowMessagesFromThisTopic";

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    public static final String DEFAULT_TOPIC = "tbmq.messages";
    public static final String DEFAULT_CLIENT_ID_PREFIX = "tbmq-ie-kafka-producer";

    /** Allowed {@code acks} values; "all" and "-1" mean the same. */
    public static final List<String> ACKS_VALUES = List.of("-1", "all", "1", "0");
    public static final List<String> COMPRESSION_VALUES = List.of("none", "gzip", "snappy", "lz4", "zstd");
    public static final List<String> CHARSETS =
            List.of("US-ASCII", "ISO-8859-1", "UTF-8", "UTF-16BE", "UTF-16LE", "UTF-16");

    private static final String TEMPLATE_HINT = " Placeholders: ${topic}, ${clientId}, ${qos}, ${retain}, "
            + "${integrationName}, ${topicLevel[N]}, ${metadata.NAME}, ${payload.FIELD} (JSON payload: "
            + "${payload.sensor.id}, ${payload.list[0]}; with a default: ${payload.site:unknown}), ${props.NAME} "
            + "(MQTT 5 user property), ${contentType}, ${responseTopic}.";

    private static final ConfigSchema SCHEMA = build();

    private KafkaConfigSchema() {
    }

    /** The schema; immutable, built once. */
    public static ConfigSchema schema() {
        return SCHEMA;
    }

    /** The {@code otherProperties} field, which knows which of its keys hold secrets. */
    public static Field otherPropertiesField() {
        return SCHEMA.field(OTHER_PROPERTIES).orElseThrow();
    }

    private static ConfigSchema build() {
        return ConfigSchema.builder()
                .group("connection", "Connection")
                .string(BOOTSTRAP_SERVERS, f -> f.title("Bootstrap servers").required()
                        .defaultValue(DEFAULT_BOOTSTRAP_SERVERS).placeholder(DEFAULT_BOOTSTRAP_SERVERS)
                        .description("Kafka broker addresses (comma-separated list of hostnames/IPs and ports)."))
                .string(CLIENT_ID_PREFIX, f -> f.title("Client ID prefix").defaultValue(DEFAULT_CLIENT_ID_PREFIX)
                        .description("(Optional) Prefix for the Kafka client ID. Default: tbmq-ie-kafka-producer."))

                .group("record", "Record")
                .bool(SEND_ONLY_MSG_PAYLOAD, f -> f.title("Send only message payload").defaultValue(false)
                        .description("If enabled, only the raw message payload is forwarded. If disabled, the payload "
                                + "is wrapped in a JSON object with additional metadata."))
                .string(TOPIC, f -> f.title("Topic").required().defaultValue(DEFAULT_TOPIC)
                        .placeholder(DEFAULT_TOPIC)
                        .description("The Kafka topic where messages will be published." + TEMPLATE_HINT))
                .string(KEY, f -> f.title("Key").defaultValue("")
                        .description("(Optional) Used for partitioning. Kafka hashes the key to consistently assign "
                                + "messages to the same partition." + TEMPLATE_HINT))
                .stringMap(KAFKA_HEADERS, f -> f.title("Kafka headers").defaultValue(Map.of())
                        .description("Custom headers added to Kafka messages." + TEMPLATE_HINT))
                .enumeration(KAFKA_HEADERS_CHARSET, f -> {
                    f.title("Kafka headers charset").defaultValue("UTF-8")
                            .description("Charset used to encode header values.");
                    CHARSETS.forEach(c -> f.option(c, c));
                })
                .bool(USER_PROPERTIES_AS_HEADERS, f -> f.title("User properties as headers").defaultValue(false)
                        .description("MQTT 5 user properties become Kafka headers (repeated keys kept)."))

                .bool(ALLOW_FROM_SAME_TOPIC, f -> f.title("Allow messages that came from this Kafka topic")
                        .defaultValue(false)
                        .description("Off: a message a Kafka to MQTT integration consumed from the same cluster and "
                                + "topic this integration writes to is not sent back (it would loop); it is skipped "
                                + "and reported. On: it is sent."))

                .group("delivery", "Delivery")
                .integer(RETRIES, f -> f.title("Automatically retry times if fails").defaultValue(0L)
                        .min(0).max(Integer.MAX_VALUE)
                        .description("Number of retries before marking a message as failed."))
                .integer(BATCH_SIZE, f -> f.title("Produces batch size in bytes").defaultValue(16384L)
                        .min(0).max(Integer.MAX_VALUE)
                        .description("Maximum batch size before sending messages to Kafka."))
                .integer(LINGER, f -> f.title("Time to buffer locally (ms)").defaultValue(0L)
                        .min(0).max(Integer.MAX_VALUE)
                        .description("Time to buffer messages locally before sending."))
                .integer(BUFFER_MEMORY, f -> f.title("Client buffer max size in bytes").defaultValue(33554432L)
                        .min(0).max(Long.MAX_VALUE)
                        .description("Maximum memory allocated for buffering messages before sending."))
                .enumeration(ACKS, f -> f.title("Number of acknowledgments").defaultValue("-1")
                        .description("Kafka acknowledgment mode: all, 1, 0.")
                        .option("-1", "all (-1)").option("all", "all").option("1", "1").option("0", "0"))
                .enumeration(COMPRESSION, f -> {
                    f.title("Compression").defaultValue("none")
                            .description("Compression algorithm: none, gzip, snappy, lz4, zstd.");
                    COMPRESSION_VALUES.forEach(c -> f.option(c, c));
                })

                .advancedGroup("security", "Security & advanced")
                .stringMap(OTHER_PROPERTIES, f -> f.title("Other properties").defaultValue(Map.of())
                        .description("Additional Kafka producer configuration as key-value pairs.")
                        .secretKeys(KafkaSecrets.PROPERTY_KEYS.toArray()))
                .build();
    }
}
