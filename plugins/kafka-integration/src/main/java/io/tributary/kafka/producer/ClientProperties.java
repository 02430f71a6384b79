package io.tributary.kafka.producer;

import io.tributary.kafka.config.Idempotence;
import io.tributary.kafka.config.KafkaSettings;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Kafka client configuration from the integration's settings: the fields first, then
 * {@code otherProperties} (which win), then {@code enable.idempotence} unless the user set it, then
 * the limits the platform relies on.
 */
public final class ClientProperties {
    /** Longest time {@code send()} may block a platform thread waiting for metadata or buffer space. */
    public static final long MAX_BLOCK_MS = 10_000;

    /** PEM values that operators paste on one line with literal "\n" separators. */
    static final Set<String> PEM_KEYS = Set.of("ssl.keystore.certificate.chain", "ssl.keystore.key",
            "ssl.truststore.certificates");

    private ClientProperties() {
    }

    /** {@code client.id}: prefix, integration id and node id. */
    public static String clientId(KafkaSettings settings, String integrationId, String nodeId) {
        return settings.clientIdPrefix() + "-" + integrationId + "-" + nodeId;
    }

    /**
     * Producer configuration; serializers are passed as instances, not here. {@code enable.idempotence}
     * is always set: the user's value from {@code otherProperties}, else {@link #idempotence}'s decision.
     */
    public static Map<String, Object> producer(KafkaSettings s, String clientId) {
        Map<String, Object> p = configured(s, clientId);
        // explicit, never kafka-clients' implicit default: that one turns off silently or throws (max.in.flight > 5)
        p.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Idempotence.decide(p).enabled());
        // an operator may lower the bound, never lift it: send() runs on the platform's delivery thread
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(MAX_BLOCK_MS, parseLong(p.get(ProducerConfig.MAX_BLOCK_MS_CONFIG))));
        return p;
    }

    /** Whether {@link #producer} makes an idempotent producer, and what rules it out when not. */
    public static Idempotence idempotence(KafkaSettings s) {
        return Idempotence.decide(configured(s, ""));
    }

    /** The fields, then {@code otherProperties} (which win). */
    private static Map<String, Object> configured(KafkaSettings s, String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, s.acks());
        p.put(ProducerConfig.RETRIES_CONFIG, s.retries());
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, s.batchSize());
        p.put(ProducerConfig.LINGER_MS_CONFIG, s.linger());
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, s.bufferMemory());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, s.compression());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        p.putAll(otherProperties(s));
        return p;
    }

    /**
     * Admin client configuration for connectivity checks: connection and security settings only.
     *
     * @param requestTimeout bound for each request, so a check never outlives its caller
     */
    public static Map<String, Object> admin(KafkaSettings s, String clientId, Duration requestTimeout) {
        return admin(s.bootstrapServers(), s.otherProperties(), clientId, requestTimeout);
    }

    /** As {@link #admin(KafkaSettings, String, Duration)}, from the connection fields alone (the Kafka to MQTT type's). */
    public static Map<String, Object> admin(String bootstrapServers, Map<String, String> otherProperties,
                                            String clientId, Duration requestTimeout) {
        Map<String, Object> p = new HashMap<>();
        Set<String> known = AdminClientConfig.configNames();
        otherProperties(otherProperties).forEach((k, v) -> {
            if (known.contains(k)) {
                p.put(k, v);
            }
        });
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        int timeout = (int) Math.max(1000, requestTimeout.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        p.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(timeout, 10_000));
        p.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, timeout);
        return p;
    }

    /**
     * Consumer configuration of the Kafka to MQTT type: {@code otherProperties} first, then what the
     * integration's no-loss contract needs (its group, manual commits, read committed records only
     * when the user asks), which the user cannot override. Deserializers are passed as instances.
     */
    public static Map<String, Object> consumer(String bootstrapServers, Map<String, String> otherProperties,
                                               String clientId, String groupId, String autoOffsetReset,
                                               int maxPollRecords) {
        Map<String, Object> p = new HashMap<>(otherProperties(otherProperties));
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
        p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        return p;
    }

    /** {@code otherProperties} with PEM values turned back into multi-line text. */
    static Map<String, String> otherProperties(KafkaSettings s) {
        return otherProperties(s.otherProperties());
    }

    private static Map<String, String> otherProperties(Map<String, String> other) {
        Map<String, String> out = new LinkedHashMap<>();
        other.forEach((k, v) -> out.put(k, PEM_KEYS.contains(k) && v != null ? v.replace("\\n", "\n") : v));
        return out;
    }

    private static long parseLong(Object v) {
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            return MAX_BLOCK_MS;
        }
    }
}
