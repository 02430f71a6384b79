package io.tributary.kafka.source;

import io.tributary.integration.commons.record.JsonValues;
import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.kafka.Origins;
import io.tributary.kafka.check.CheckDeadline;
import io.tributary.kafka.config.KafkaSecrets;
import io.tributary.kafka.producer.ClientProperties;
import io.tributary.kafka.producer.PluginClassLoader;
import io.tributary.plugin.api.check.CheckInput;
import io.tributary.plugin.api.check.CheckOutput;
import io.tributary.plugin.api.message.UserProperty;
import io.tributary.plugin.api.source.SourceMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Check connection of the Kafka to MQTT type: the cluster answers (and authenticates), the topics
 * exist (or which match the pattern), where the consumer group would start, and the MQTT message
 * the latest record of the first topic would become. Bounded by the input's timeout; every client
 * is closed before returning; nothing is committed.
 */
public final class SourceCheck {
    public static final String STEP_CONFIGURATION = "configuration";
    public static final String STEP_BOOTSTRAP = "bootstrap reachable";
    public static final String STEP_AUTHENTICATION = "authentication";
    public static final String STEP_TOPICS = "topics exist";
    public static final String STEP_GROUP = "consumer group";
    public static final String STEP_SAMPLE = "sample record";

    private final CheckInput input;
    private final CheckOutput output;
    private final CheckDeadline deadline;

    private SourceCheck(CheckInput input, CheckOutput output) {
        this.input = input;
        this.output = output;
        this.deadline = new CheckDeadline(input.timeout());
    }

    public static void run(CheckInput input, CheckOutput output) {
        new SourceCheck(input, output).run();
    }

    private void run() {
        SourceSettings settings;
        MqttMessageFactory messages;
        try {
            settings = SourceSettings.from(input.config());
            messages = MqttMessageFactory.create(settings, input.integrationName(), input.metadata());
        } catch (IllegalArgumentException e) {
            output.step(STEP_CONFIGURATION, false, e.getMessage());
            return;
        }
        Redactor redactor = KafkaSecrets.redactor(settings.otherProperties());
        Admin admin;
        try {
            admin = PluginClassLoader.call(() -> Admin.create(ClientProperties.admin(settings.bootstrapServers(),
                    settings.otherProperties(), settings.clientIdPrefix() + "-check-" + UUID.randomUUID(),
                    Duration.ofMillis(remainingMs()))));
        } catch (RuntimeException e) {
            output.step(STEP_CONFIGURATION, false, redactor.describe(e));
            return;
        }
        try {
            String clusterId = cluster(admin, settings, redactor);
            if (clusterId == null) {
                return;
            }
            List<String> topics = topics(admin, settings, redactor);
            group(admin, settings, redactor);
            sample(admin, settings, messages, topics, clusterId, redactor);
        } finally {
            admin.close(deadline.forClose());
        }
    }

    private String cluster(Admin admin, SourceSettings settings, Redactor redactor) {
        try {
            DescribeClusterResult r = admin.describeCluster();
            int brokers = get(r.nodes()).size();
            String id = get(r.clusterId());
            output.step(STEP_BOOTSTRAP, true, "cluster " + id + ", " + brokers + (brokers == 1 ? " broker" : " brokers"));
            output.step(STEP_AUTHENTICATION, true, settings.otherProperties().getOrDefault("security.protocol",
                    "PLAINTEXT"));
            return id;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof AuthenticationException) {
                output.step(STEP_BOOTSTRAP, true, "connected to " + settings.bootstrapServers());
                output.step(STEP_AUTHENTICATION, false, redactor.describe(cause));
            } else {
                output.step(STEP_BOOTSTRAP, false, redactor.describe(cause));
            }
        } catch (TimeoutException e) {
            output.step(STEP_BOOTSTRAP, false, "no answer within the check's time limit");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.step(STEP_BOOTSTRAP, false, "interrupted");
        }
        return null;
    }

    /** The topics that would be consumed now (the existing ones of the list, or those matching the pattern). */
    private List<String> topics(Admin admin, SourceSettings settings, Redactor redactor) {
        try {
            java.util.Set<String> existing = get(admin.listTopics().names());
            if (!settings.topicPattern().isEmpty()) {
                Pattern p = Pattern.compile(settings.topicPattern());
                List<String> matching = existing.stream().filter(t -> p.matcher(t).matches()).sorted().toList();
                output.step(STEP_TOPICS, !matching.isEmpty(), matching.isEmpty()
                        ? "no topic matches '" + settings.topicPattern() + "' yet (topics created later are consumed "
                        + "when they appear)"
                        : matching.size() + " topic(s) match: " + String.join(", ", matching.subList(0,
                        Math.min(10, matching.size()))) + (matching.size() > 10 ? ", ..." : ""));
                return matching;
            }
            List<String> missing = settings.topics().stream().filter(t -> !existing.contains(t)).toList();
            output.step(STEP_TOPICS, missing.isEmpty(), missing.isEmpty() ? String.join(", ", settings.topics())
                    : "missing: " + String.join(", ", missing));
            return settings.topics().stream().filter(existing::contains).toList();
        } catch (ExecutionException e) {
            output.step(STEP_TOPICS, false, redactor.describe(e.getCause() == null ? e : e.getCause()));
        } catch (TimeoutException e) {
            output.step(STEP_TOPICS, false, "no answer within the check's time limit");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.step(STEP_TOPICS, false, "interrupted");
        }
        return List.of();
    }

    private void group(Admin admin, SourceSettings settings, Redactor redactor) {
        if (settings.groupId().isEmpty()) {
            output.step(STEP_GROUP, true, "tributary-<integration id>, created at the first start: a new group "
                    + "starts at the " + settings.autoOffsetReset() + " offset");
            return;
        }
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = get(admin.listConsumerGroupOffsets(settings.groupId())
                    .partitionsToOffsetAndMetadata());
            long committed = offsets.values().stream().filter(o -> o != null).count();
            output.step(STEP_GROUP, true, committed == 0
                    ? "group " + settings.groupId() + " has no committed offsets: starts at the "
                    + settings.autoOffsetReset() + " offset"
                    : "group " + settings.groupId() + " resumes from its committed offsets of " + committed
                    + " partition(s)");
        } catch (ExecutionException e) {
            output.step(STEP_GROUP, false, redactor.describe(e.getCause() == null ? e : e.getCause()));
        } catch (TimeoutException e) {
            output.step(STEP_GROUP, false, "no answer within the check's time limit");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.step(STEP_GROUP, false, "interrupted");
        }
    }

    /** Renders the latest record of the first topic (or a made-up record when there is none). */
    private void sample(Admin admin, SourceSettings settings, MqttMessageFactory messages, List<String> topics,
                        String clusterId, Redactor redactor) {
        ConsumerRecord<byte[], byte[]> record = null;
        String note;
        try {
            record = topics.isEmpty() ? null : latest(admin, settings, topics.get(0));
            note = record != null ? "the latest record of " + topics.get(0)
                    : "no record to read: rendered for a made-up record";
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            note = "the latest record could not be read (" + redactor.describe(e) + "): rendered for a made-up record";
        }
        if (record == null) {
            String topic = topics.isEmpty() ? settings.topics().isEmpty() ? "sample-topic" : settings.topics().get(0)
                    : topics.get(0);
            RecordHeaders headers = new RecordHeaders();
            headers.add("source", "check".getBytes(StandardCharsets.UTF_8));
            record = new ConsumerRecord<>(topic, 0, 0, System.currentTimeMillis(), TimestampType.CREATE_TIME, 0, 0,
                    "device-01".getBytes(StandardCharsets.UTF_8),
                    "{\"temperature\":25}".getBytes(StandardCharsets.UTF_8), headers, Optional.empty());
        }
        try {
            SourceMessage m = messages.build(new RecordView(record, settings.headersCharset()),
                    Origins.of(clusterId, record.topic()));
            output.sampleRecord(describe(m, record));
            output.step(STEP_SAMPLE, true, note);
        } catch (SourceTemplate.RenderException e) {
            output.step(STEP_SAMPLE, false, note + ": it would be skipped: " + e.getMessage());
        }
    }

    private ConsumerRecord<byte[], byte[]> latest(Admin admin, SourceSettings settings, String topic)
            throws Exception {
        TopicDescription d = get(admin.describeTopics(List.of(topic)).topicNameValues().get(topic));
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        d.partitions().forEach(p -> specs.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = get(admin.listOffsets(specs).all());
        Optional<Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> withData = ends.entrySet().stream()
                .filter(e -> e.getValue().offset() > 0).findFirst();
        if (withData.isEmpty()) {
            return null;
        }
        TopicPartition tp = withData.get().getKey();
        long last = withData.get().getValue().offset() - 1;
        Map<String, Object> props = ClientProperties.consumer(settings.bootstrapServers(), settings.otherProperties(),
                settings.clientIdPrefix() + "-check-" + UUID.randomUUID(), "unused", "earliest", 1);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG); // no group: nothing committed, no member joins
        try (KafkaConsumer<byte[], byte[]> consumer = PluginClassLoader.call(() -> new KafkaConsumer<>(props,
                new ByteArrayDeserializer(), new ByteArrayDeserializer()))) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, last);
            while (remainingMs() > CheckDeadline.MARGIN_MS) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(Math.min(500, remainingMs())))) {
                    return r;
                }
            }
        }
        return null;
    }

    private static Map<String, Object> describe(SourceMessage m, ConsumerRecord<byte[], byte[]> from) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> kafka = new LinkedHashMap<>();
        kafka.put("topic", from.topic());
        kafka.put("partition", from.partition());
        kafka.put("offset", from.offset());
        out.put("kafka", kafka);
        out.put("mqttTopic", m.topic());
        out.put("qos", m.qos());
        out.put("retain", m.retain());
        List<Object> props = new ArrayList<>();
        for (UserProperty p : m.userProperties()) {
            Map<String, Object> prop = new LinkedHashMap<>();
            prop.put("key", p.key());
            prop.put("value", p.value());
            props.add(prop);
        }
        out.put("userProperties", props);
        byte[] payload = m.payload();
        Object json = null;
        try {
            json = payload.length == 0 ? null : JsonValues.parse(payload);
        } catch (RuntimeException e) {
            // not JSON: shown as text or base64 below
        }
        if (json != null) {
            out.put("payloadFormat", "json");
            out.put("payload", json);
        } else if (StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(payload), java.nio.CharBuffer.allocate(payload.length), true)
                .isError()) {
            out.put("payloadFormat", "base64");
            out.put("payload", Base64.getEncoder().encodeToString(payload));
        } else {
            out.put("payloadFormat", "text");
            out.put("payload", new String(payload, StandardCharsets.UTF_8));
        }
        out.put("origin", m.origin());
        return out;
    }

    private <T> T get(KafkaFuture<T> future) throws ExecutionException, InterruptedException, TimeoutException {
        return future.get(remainingMs(), TimeUnit.MILLISECONDS);
    }

    private int remainingMs() {
        return deadline.remainingMs();
    }
}
