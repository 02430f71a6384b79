package io.tributary.bench.load;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The producer's own partitioner is the judge: each chosen id must land where it was meant to. */
class ClientIdsTest {
    private static int producerPartition(String id, int partitions) {
        return BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), partitions);
    }

    @Test
    void eightPublishersOverFourPartitionsTwoEach() {
        List<String> ids = ClientIds.spread("bench-pub-", 8, 4);

        assertThat(ids).hasSize(8).doesNotHaveDuplicates().allMatch(id -> id.startsWith("bench-pub-"));
        int[] perPartition = new int[4];
        for (int i = 0; i < ids.size(); i++) {
            int p = producerPartition(ids.get(i), 4);
            assertThat(p).as("partition of %s (publisher %d)", ids.get(i), i).isEqualTo(i % 4);
            perPartition[p]++;
        }
        assertThat(perPartition).containsExactly(2, 2, 2, 2);
    }

    @Test
    void everyPartitionCountFrom1To12IsCoveredEvenly() {
        for (int partitions = 1; partitions <= 12; partitions++) {
            List<String> ids = ClientIds.spread("c", 3 * partitions, partitions);
            assertThat(new HashSet<>(ids)).hasSize(3 * partitions);
            int[] perPartition = new int[partitions];
            for (String id : ids) {
                perPartition[producerPartition(id, partitions)]++;
            }
            for (int count : perPartition) {
                assertThat(count).as("ids per partition with %d partitions", partitions).isEqualTo(3);
            }
        }
    }

    @Test
    void partitionOfAgreesWithTheProducer() {
        for (String id : List.of("", "a", "bench-pub-0", "client-\u00e9t\u00e9", "x".repeat(200))) {
            assertThat(ClientIds.partitionOf(id, 7)).as(id).isEqualTo(producerPartition(id, 7));
        }
    }

    @Test
    void noPartitionsIsAnError() {
        assertThatThrownBy(() -> ClientIds.spread("c", 8, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
