package io.tributary.kafka.cluster;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.integration.log.IntegrationLog;
import io.tributary.integration.log.IntegrationLogs;
import io.tributary.integration.log.LogRecord;
import io.tributary.integration.log.LogSettings;
import io.tributary.kafka.SharedCluster;
import io.tributary.kafka.TestCluster;
import io.tributary.plugin.api.cluster.SharedLogs;
import io.tributary.storage.log.Durability;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's integration log over this plugin's shared log, as an executor node uses it:
 * consecutive local offsets over four partitions, a local commit turned into per-partition
 * offsets in the consumer group, and a second node taking partitions over with what was read
 * and not committed counted as redelivered.
 */
@ExtendWith(SharedCluster.class)
class SharedIntegrationLogTest {
    private static TestCluster kafka;
    private SharedLogs shared;
    private IntegrationLogs logs;
    private final List<IntegrationLog> opened = new ArrayList<>();

    @BeforeAll
    static void cluster(TestCluster cluster) {
        kafka = cluster;
    }

    @BeforeEach
    void open() {
        Map<String, String> settings = Map.of("cluster.kafka.bootstrap-servers", kafka.bootstrap(),
                "cluster.kafka.partitions", "4", "cluster.kafka.replication-factor", "1");
        shared = new KafkaSharedLogProvider().open(settings);
        logs = new IntegrationLogs(new LogSettings(Path.of("unused"), Durability.OS, 100_000, 64 << 20, 1 << 20),
                shared, true);
    }

    @AfterEach
    void close() {
        opened.forEach(IntegrationLog::close);
        shared.close();
    }

    private IntegrationLog log(String id) {
        IntegrationLog l = logs.open(id, id);
        opened.add(l);
        return l;
    }

    @Test
    void localOffsetsAreConsecutiveAndACommitMovesTheGroupPerPartition() throws Exception {
        IntegrationLog node = log("offsets");
        appendAll(node, 30);
        List<LogRecord> read = pollUntil(node, 30);
        assertThat(read).extracting(LogRecord::offset).containsExactlyElementsOf(range(30));
        Map<String, List<Integer>> perClient = new HashMap<>();
        read.forEach(r -> perClient.computeIfAbsent(r.message().publisherId(), k -> new ArrayList<>())
                .add(seq(r)));
        assertThat(perClient).hasSize(3);
        perClient.values().forEach(s -> assertThat(s).isSorted());
        assertThat(groupOffsets("offsets")).isEmpty();

        node.commit(15);
        Thread.sleep(150); // commits go out at most every 100 ms
        node.maintain();
        Map<Integer, Long> committed = groupOffsets("offsets");
        assertThat(committed.values().stream().mapToLong(Long::longValue).sum())
                .as("the 15 records below local offset 15, each partition's prefix").isEqualTo(15);

        node.commit(30);
        Thread.sleep(150);
        node.maintain();
        assertThat(groupOffsets("offsets").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(30);
        assertThat(node.messages()).isZero();
    }

    @Test
    void aSecondNodeTakesPartitionsOverAndWhatWasNotCommittedIsCountedAndReadThere() throws Exception {
        IntegrationLog first = log("takeover");
        appendAll(first, 40);
        pollUntil(first, 40);
        first.commit(10);

        IntegrationLog second = log("takeover");
        List<LogRecord> there = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (first.redelivered() == 0 || there.size() < first.redelivered()) {
            assertThat(System.nanoTime()).as("takeover within 60 s").isLessThan(deadline);
            first.poll();
            LogRecord r = second.poll();
            if (r != null) {
                there.add(r);
            }
        }
        for (int i = 0; i < 20; i++) {
            LogRecord r = second.poll();
            if (r != null) {
                there.add(r);
            }
        }
        assertThat(there).as("read again on the second node").hasSize((int) first.redelivered());
        assertThat(first.redelivered()).isLessThanOrEqualTo(30);
    }

    @Test
    void anAppendCountsAsStoredOnlyWhenTheSharedLogAcknowledgedIt() throws Exception {
        IntegrationLog broker = logs.open("stored", "stored");
        opened.add(broker);
        long offset = broker.append(message("c", 1));
        broker.whenStored(offset).get();
        assertThat(broker.messages()).as("nothing pending once acknowledged").isZero();
        assertThat(kafka.consume("tributary.integration.stored", 1, Duration.ofSeconds(20))).hasSize(1);
    }

    private void appendAll(IntegrationLog log, int count) throws Exception {
        List<CompletableFuture<Void>> stored = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            stored.add(log.whenStored(log.append(message("client-" + (i % 3), i))));
        }
        CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get();
    }

    private static BrokerMessage message(String client, int seq) {
        return new BrokerMessage("dev/" + client, String.valueOf(seq).getBytes(StandardCharsets.UTF_8), 1, false,
                client, System.currentTimeMillis(), 0, BrokerMessage.ForwardedProperties.NONE);
    }

    private static int seq(LogRecord r) {
        return Integer.parseInt(new String(r.message().payload(), StandardCharsets.UTF_8));
    }

    private static List<Long> range(int n) {
        List<Long> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static List<LogRecord> pollUntil(IntegrationLog log, int count) {
        List<LogRecord> read = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        BooleanSupplier done = () -> read.size() >= count;
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("read %d within 60 s", count).isLessThan(deadline);
            LogRecord r = log.poll();
            if (r != null) {
                read.add(r);
            }
        }
        return read;
    }

    private static Map<Integer, Long> groupOffsets(String id) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            Map<TopicPartition, OffsetAndMetadata> o = admin.listConsumerGroupOffsets(
                    "tributary." + IntegrationLogs.sharedName(id)).partitionsToOffsetAndMetadata().get();
            Map<Integer, Long> out = new HashMap<>();
            o.forEach((tp, om) -> {
                if (om != null) {
                    out.put(tp.partition(), om.offset());
                }
            });
            return out;
        }
    }
}
