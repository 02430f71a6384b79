package io.tributary.kafka.cluster;

import io.tributary.kafka.SharedCluster;
import io.tributary.kafka.TestCluster;
import io.tributary.plugin.api.cluster.PartitionListener;
import io.tributary.plugin.api.cluster.SharedLogReader;
import io.tributary.plugin.api.cluster.SharedLogs;
import io.tributary.plugin.api.cluster.SharedRecord;
import io.tributary.plugin.api.config.FieldError;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared log provider against a real KRaft broker: settings errors name their key; appends
 * complete when stored and keep per-key order; a group of two readers splits a 4-partition log,
 * commits move the group's offsets only when made, and a revoked partition continues at the
 * committed offset on its new owner.
 */
@ExtendWith(SharedCluster.class)
class KafkaSharedLogProviderTest {
    private static TestCluster kafka;
    private final KafkaSharedLogProvider provider = new KafkaSharedLogProvider();
    private SharedLogs logs;

    @BeforeAll
    static void cluster(TestCluster cluster) {
        kafka = cluster;
    }

    @BeforeEach
    void open() {
        Map<String, String> settings = Map.of("cluster.kafka.bootstrap-servers", kafka.bootstrap(),
                "cluster.kafka.partitions", "4", "cluster.kafka.replication-factor", "1");
        assertThat(provider.validate(settings)).isEmpty();
        logs = provider.open(settings);
    }

    @AfterEach
    void close() {
        logs.close();
    }

    @Test
    void everySettingsProblemNamesItsKey() {
        List<FieldError> errors = provider.validate(Map.of(
                "cluster.kafka.bootstrap-server", "localhost:9092",
                "cluster.kafka.partitions", "zero",
                "cluster.kafka.client.acks", "1",
                "cluster.kafka.client.no.such.property", "x",
                "cluster.other.key", "ignored: not ours"));
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder(
                "cluster.kafka.bootstrap-servers", "cluster.kafka.bootstrap-server", "cluster.kafka.partitions",
                "cluster.kafka.client.acks", "cluster.kafka.client.no.such.property");
        assertThat(provider.validate(Map.of("cluster.kafka.bootstrap-servers", "no-port")))
                .extracting(FieldError::field).containsExactly("cluster.kafka.bootstrap-servers");
        assertThat(provider.validate(Map.of("cluster.kafka.bootstrap-servers", "localhost:9092",
                "cluster.kafka.client.security.protocol", "SASL_SSL"))).isEmpty();
    }

    @Test
    void twoReadersShareFourPartitionsInOrderPerKeyAndCommitsMoveTheGroupOnlyWhenMade() throws Exception {
        String log = "test.rebalance";
        logs.create(log, Duration.ofSeconds(20));
        appendAll(log, 0, 200);

        Member a = new Member(log);
        pollUntil(() -> a.owned.size() == 4 && a.read.size() == 200, a);
        assertThat(groupOffsets(log)).as("nothing committed before commit").isEmpty();
        Map<Integer, Long> committedByA = a.positions();
        a.reader.commit(committedByA);
        assertThat(groupOffsets(log)).isEqualTo(committedByA);

        Member b = new Member(log);
        pollUntil(() -> a.owned.size() == 2 && b.owned.size() == 2, a, b);
        assertThat(a.revokedCommits).as("A committed what it read of the partitions it gave up").isNotEmpty();
        appendAll(log, 200, 400);
        pollUntil(() -> a.read.size() + b.read.size() == 400, a, b);

        List<SharedRecord> all = new ArrayList<>(a.read);
        all.addAll(b.read);
        assertThat(all).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .as("every record once: the new owners started at the committed offsets").doesNotHaveDuplicates()
                .hasSize(400);
        Map<String, TreeMap<Long, Integer>> byKey = new HashMap<>();
        Map<String, Set<Integer>> partitionsOfKey = new HashMap<>();
        for (SharedRecord r : all) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            int seq = Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8).split(":")[1]);
            byKey.computeIfAbsent(key, k -> new TreeMap<>()).put(r.offset(), seq);
            partitionsOfKey.computeIfAbsent(key, k -> new TreeSet<>()).add(r.partition());
        }
        assertThat(partitionsOfKey.values()).allSatisfy(p -> assertThat(p).hasSize(1));
        assertThat(partitionsOfKey.values().stream().flatMap(Set::stream).distinct()).hasSizeGreaterThan(1);
        byKey.values().forEach(seqs -> assertThat(new ArrayList<>(seqs.values())).isSorted());
        a.reader.close();
        b.reader.close();
    }

    @Test
    void whatWasReadButNotCommittedIsReadAgainByTheNextMember() throws Exception {
        String log = "test.uncommitted";
        logs.create(log, Duration.ofSeconds(20));
        appendAll(log, 0, 40);
        Member first = new Member(log);
        first.commitOnRevoke = false; // it leaves as if it crashed after the commit
        pollUntil(() -> first.read.size() == 40, first);
        Map<Integer, Long> half = new HashMap<>();
        first.read.stream().filter(r -> seq(r) < 20).forEach(r -> half.merge(r.partition(), r.offset() + 1, Math::max));
        first.reader.commit(half);
        first.reader.close();

        Member second = new Member(log);
        pollUntil(() -> second.read.size() >= 20, second);
        for (int i = 0; i < 10; i++) {
            second.read.addAll(second.reader.poll(Duration.ofMillis(50)));
        }
        assertThat(second.read).extracting(KafkaSharedLogProviderTest::seq)
                .as("exactly the records above the commit are read again")
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(20, 40).boxed().toList());
        second.reader.close();

        logs.delete(log, Duration.ofSeconds(20));
        assertThat(groupOffsets(log)).isEmpty();
    }

    @Test
    void aNamedReaderBackAfterItsProcessDiedTakesItsPartitionsAtOnce() throws Exception {
        String log = "test.named";
        logs.create(log, Duration.ofSeconds(20));
        appendAll(log, 0, 40);
        Member dead = new Member(log, "node-a");
        pollUntil(() -> dead.read.size() == 40, dead);
        dead.reader.commit(dead.positions());
        appendAll(log, 40, 60);
        // the first never polls or leaves again, as after kill -9: a plain member would wait for
        // it (45 s session, 5 min poll interval); measured without the name: over 20 s
        long t0 = System.nanoTime();
        Member back = new Member(log, "node-a");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (back.read.size() < 20) {
            assertThat(System.nanoTime()).as("the named reader read within 20 s").isLessThan(deadline);
            back.read.addAll(back.reader.poll(Duration.ofMillis(100)));
        }
        assertThat(back.owned).hasSize(4);
        assertThat(back.read).extracting(KafkaSharedLogProviderTest::seq)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(40, 60).boxed().toList());
        System.out.printf("named reader back after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        back.reader.close();
        try {
            dead.reader.close();
        } catch (RuntimeException fenced) {
            // the service fenced the dead one: expected
        }
    }

    private static int seq(SharedRecord r) {
        return Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8).split(":")[1]);
    }

    private void appendAll(String log, int from, int to) throws Exception {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String key = "client-" + (i % 10);
            acks.add(logs.append(log, key.getBytes(StandardCharsets.UTF_8),
                    (key + ":" + i).getBytes(StandardCharsets.UTF_8)).toCompletableFuture());
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
    }

    private Map<Integer, Long> groupOffsets(String log) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            Map<TopicPartition, OffsetAndMetadata> o = admin.listConsumerGroupOffsets("tributary." + log)
                    .partitionsToOffsetAndMetadata().get();
            Map<Integer, Long> out = new HashMap<>();
            o.forEach((tp, om) -> {
                if (om != null) {
                    out.put(tp.partition(), om.offset());
                }
            });
            return out;
        }
    }

    private static void pollUntil(BooleanSupplier done, Member... members) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s").isLessThan(deadline);
            for (Member m : members) {
                m.read.addAll(m.reader.poll(Duration.ofMillis(50)));
            }
        }
    }

    /** A group member that, like the platform, commits what it read of partitions it gives up. */
    private final class Member implements PartitionListener {
        final Set<Integer> owned = new TreeSet<>();
        final List<SharedRecord> read = new ArrayList<>();
        final List<Map<Integer, Long>> revokedCommits = new ArrayList<>();
        final SharedLogReader reader;
        boolean commitOnRevoke = true;

        Member(String log) {
            reader = logs.reader(log, log, this);
        }

        Member(String log, String name) {
            reader = logs.reader(log, log, name, this);
        }

        Map<Integer, Long> positions() {
            Map<Integer, Long> next = new HashMap<>();
            read.forEach(r -> next.merge(r.partition(), r.offset() + 1, Math::max));
            return next;
        }

        @Override
        public void assigned(Set<Integer> partitions) {
            owned.addAll(partitions);
        }

        @Override
        public void revoked(Set<Integer> partitions) {
            Map<Integer, Long> next = new HashMap<>(positions());
            next.keySet().retainAll(partitions);
            if (commitOnRevoke) {
                reader.commit(next);
                revokedCommits.add(next);
            }
            owned.removeAll(partitions);
        }
    }
}
