package io.tributary.kafka.cluster;

import io.tributary.kafka.producer.PluginClassLoader;
import io.tributary.plugin.api.cluster.PartitionListener;
import io.tributary.plugin.api.cluster.SharedLogException;
import io.tributary.plugin.api.cluster.SharedLogReader;
import io.tributary.plugin.api.cluster.SharedLogs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The open Kafka connection of a node: one producer and one admin client shared by every log. */
final class KafkaSharedLogs implements SharedLogs {
    private final ClusterSettings settings;
    private final String clientId = "tributary-cluster-" + UUID.randomUUID().toString().substring(0, 8);
    private final KafkaProducer<byte[], byte[]> producer;
    private final Admin admin;

    KafkaSharedLogs(ClusterSettings settings) {
        this.settings = settings;
        Map<String, Object> p = common();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 2);
        // the broker's thread appends: never wait a minute for metadata or buffer space
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        Map<String, Object> a = new HashMap<>();
        Map<String, Object> all = common();
        AdminClientConfig.configNames().forEach(k -> {
            if (all.containsKey(k)) {
                a.put(k, all.get(k));
            }
        });
        a.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
        this.admin = Admin.create(a);
    }

    private Map<String, Object> common() {
        Map<String, Object> p = new HashMap<>(settings.client());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return p;
    }

    String topic(String log) {
        return settings.topicPrefix() + log;
    }

    @Override
    public void create(String log, Duration timeout) {
        String topic = topic(log);
        NewTopic t = new NewTopic(topic, Optional.of(settings.partitions()), settings.replicationFactor())
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(settings.retentionMs())));
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new SharedLogException("Cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new SharedLogException("Creating topic " + topic + " took longer than " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SharedLogException("Interrupted creating topic " + topic, e);
        }
        awaitLeaders(topic, deadline);
    }

    /** Until every partition's leader answers: a produce right after creation must not wait on metadata. */
    private void awaitLeaders(String topic, long deadline) {
        while (true) {
            try {
                int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get()
                        .get(topic).partitions().size();
                Map<TopicPartition, OffsetSpec> all = new HashMap<>();
                for (int i = 0; i < partitions; i++) {
                    all.put(new TopicPartition(topic, i), OffsetSpec.latest());
                }
                admin.listOffsets(all).all().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new SharedLogException("Topic " + topic + " has no leaders yet: " + e.getCause(), e);
                }
                sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SharedLogException("Interrupted waiting for topic " + topic, e);
            }
        }
    }

    @Override
    public void delete(String log, Duration timeout) {
        String topic = topic(log);
        try {
            admin.deleteTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw new SharedLogException("Cannot delete topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new SharedLogException("Deleting topic " + topic + " took longer than " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SharedLogException("Interrupted deleting topic " + topic, e);
        }
        try {
            admin.deleteConsumerGroups(List.of(group(log))).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // no such group, or members still in it: its offsets expire with the broker's retention
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CompletionStage<Void> append(String log, byte[] key, byte[] record) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic(log), key, record), (metadata, error) -> {
                if (error == null) {
                    stored.complete(null);
                } else {
                    stored.completeExceptionally(new SharedLogException("Append to " + topic(log) + " failed: "
                            + error.getMessage(), error));
                }
            });
        } catch (RuntimeException e) {
            stored.completeExceptionally(new SharedLogException("Append to " + topic(log) + " failed: "
                    + e.getMessage(), e));
        }
        return stored;
    }

    String group(String log) {
        return settings.topicPrefix() + log;
    }

    @Override
    public SharedLogReader reader(String log, String group, PartitionListener listener) {
        return reader(log, group, null, listener);
    }

    /** {@code member} becomes the consumer's static group membership ({@code group.instance.id}). */
    @Override
    public SharedLogReader reader(String log, String group, String member, PartitionListener listener) {
        Map<String, Object> p = common();
        Map<String, Object> c = new HashMap<>();
        p.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                c.put(k, v);
            }
        });
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.topicPrefix() + group);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + group);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (member != null) {
            c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, member);
        }
        c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        // a rebalance moves only the partitions that change owner; the others keep being read
        c.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return PluginClassLoader.call(() -> new KafkaSharedLogReader(c, topic(log), listener));
    }

    @Override
    public void close() {
        PluginClassLoader.run(() -> {
            producer.close(Duration.ofSeconds(5));
            admin.close(Duration.ofSeconds(5));
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SharedLogException("Interrupted", e);
        }
    }
}
