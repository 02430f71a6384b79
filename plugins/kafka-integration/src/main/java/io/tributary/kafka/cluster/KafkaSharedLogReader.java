package io.tributary.kafka.cluster;

import io.tributary.kafka.producer.PluginClassLoader;
import io.tributary.plugin.api.cluster.PartitionListener;
import io.tributary.plugin.api.cluster.SharedLogException;
import io.tributary.plugin.api.cluster.SharedLogReader;
import io.tributary.plugin.api.cluster.SharedRecord;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A member of a consumer group on one topic, with manual, synchronous commits. */
final class KafkaSharedLogReader implements SharedLogReader {
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;

    KafkaSharedLogReader(Map<String, Object> config, String topic, PartitionListener listener) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    listener.assigned(numbers(partitions));
                }
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    listener.revoked(numbers(partitions));
                }
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    listener.lost(numbers(partitions));
                }
            }
        });
    }

    @Override
    public List<SharedRecord> poll(Duration timeout) {
        return PluginClassLoader.call(() -> {
            try {
                List<SharedRecord> out = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
                    out.add(new SharedRecord(r.partition(), r.offset(), r.key(), r.value()));
                }
                return out;
            } catch (KafkaException e) {
                throw new SharedLogException("Reading " + topic + " failed: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public void commit(Map<Integer, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((p, o) -> offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(o)));
        PluginClassLoader.run(() -> {
            try {
                consumer.commitSync(offsets, COMMIT_TIMEOUT);
            } catch (KafkaException e) {
                throw new SharedLogException("Committing " + topic + " " + nextOffsets + " failed: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public void seek(int partition, long offset) {
        TopicPartition tp = new TopicPartition(topic, partition);
        if (consumer.assignment().contains(tp)) {
            consumer.seek(tp, offset);
        }
    }

    @Override
    public void close() {
        PluginClassLoader.run(() -> consumer.close(Duration.ofSeconds(5)));
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        Set<Integer> out = new TreeSet<>();
        partitions.forEach(tp -> out.add(tp.partition()));
        return out;
    }
}
