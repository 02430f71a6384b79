package io.tributary.kafka.cluster;

import io.tributary.kafka.config.BootstrapServers;
import io.tributary.plugin.api.config.FieldError;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code cluster.kafka.*} settings of a node: where the Kafka cluster is, how the internal
 * topics are made, and client properties passed through ({@code cluster.kafka.client.<property>}).
 *
 * @param bootstrapServers  {@code host:port,...}
 * @param partitions        partitions of each internal topic
 * @param replicationFactor replicas of each partition; empty: the brokers' default
 * @param retentionMs       how long records are kept, also unread ones
 * @param topicPrefix       prefix of internal topics and consumer groups
 * @param client            Kafka client properties for producer, consumer and admin client
 */
record ClusterSettings(String bootstrapServers, int partitions, Optional<Short> replicationFactor, long retentionMs,
                       String topicPrefix, Map<String, String> client) {
    static final String PREFIX = "cluster.kafka.";
    static final String BOOTSTRAP = PREFIX + "bootstrap-servers";
    static final String PARTITIONS = PREFIX + "partitions";
    static final String REPLICATION = PREFIX + "replication-factor";
    static final String RETENTION = PREFIX + "retention-ms";
    static final String TOPIC_PREFIX = PREFIX + "topic-prefix";
    static final String CLIENT = PREFIX + "client.";
    private static final Set<String> KEYS = Set.of(BOOTSTRAP, PARTITIONS, REPLICATION, RETENTION, TOPIC_PREFIX);
    /** What the no-loss contract needs; a pass-through property must not change it. */
    private static final Set<String> FIXED = Set.of(ProducerConfig.ACKS_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.GROUP_ID_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);

    /** Every problem of the {@code cluster.kafka.*} keys in {@code all}, each naming its key. */
    static List<FieldError> validate(Map<String, String> all) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> s = own(all);
        String bootstrap = s.get(BOOTSTRAP);
        if (bootstrap == null) {
            errors.add(new FieldError(BOOTSTRAP, "is required to run a cluster over Kafka"));
        } else {
            BootstrapServers.problem(bootstrap).ifPresent(p -> errors.add(new FieldError(BOOTSTRAP, p)));
        }
        number(s, PARTITIONS, 1, 10_000, errors);
        number(s, REPLICATION, 1, Short.MAX_VALUE, errors);
        number(s, RETENTION, 60_000, Long.MAX_VALUE, errors);
        String prefix = s.get(TOPIC_PREFIX);
        if (prefix != null && !prefix.matches("[A-Za-z0-9._-]{0,100}")) {
            errors.add(new FieldError(TOPIC_PREFIX, "may contain only letters, digits, '.', '_' and '-'"));
        }
        Set<String> clientKeys = new HashSet<>(ProducerConfig.configNames());
        clientKeys.addAll(ConsumerConfig.configNames());
        clientKeys.addAll(AdminClientConfig.configNames());
        for (String key : s.keySet()) {
            if (key.startsWith(CLIENT)) {
                String property = key.substring(CLIENT.length());
                if (FIXED.contains(property)) {
                    errors.add(new FieldError(key, "is set by Tributary (acks=all, idempotence, manual commits) "
                            + "and cannot be changed"));
                } else if (!clientKeys.contains(property)) {
                    errors.add(new FieldError(key, "'" + property + "' is not a Kafka client property"));
                }
            } else if (!KEYS.contains(key)) {
                errors.add(new FieldError(key, "unknown key; known: " + String.join(", ", KEYS.stream().sorted().toList())
                        + " and " + CLIENT + "<client property>"));
            }
        }
        return errors;
    }

    /** Parses settings {@link #validate} accepted. */
    static ClusterSettings from(Map<String, String> all) {
        Map<String, String> s = own(all);
        Map<String, String> client = new LinkedHashMap<>();
        s.forEach((k, v) -> {
            if (k.startsWith(CLIENT)) {
                client.put(k.substring(CLIENT.length()), v);
            }
        });
        return new ClusterSettings(s.get(BOOTSTRAP).trim(),
                Integer.parseInt(s.getOrDefault(PARTITIONS, "12").trim()),
                Optional.ofNullable(s.get(REPLICATION)).map(v -> Short.parseShort(v.trim())),
                Long.parseLong(s.getOrDefault(RETENTION, String.valueOf(7L * 24 * 3600 * 1000)).trim()),
                s.getOrDefault(TOPIC_PREFIX, "tributary.").trim(), Map.copyOf(client));
    }

    private static Map<String, String> own(Map<String, String> all) {
        Map<String, String> s = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                s.put(k, v);
            }
        });
        return s;
    }

    private static void number(Map<String, String> s, String key, long min, long max, List<FieldError> errors) {
        String v = s.get(key);
        if (v == null) {
            return;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                errors.add(new FieldError(key, "must be between " + min + " and " + max + ", got " + n));
            }
        } catch (NumberFormatException e) {
            errors.add(new FieldError(key, "must be an integer, got '" + v + "'"));
        }
    }
}
