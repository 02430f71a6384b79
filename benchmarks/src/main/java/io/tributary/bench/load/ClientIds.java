package io.tributary.bench.load;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MQTT client ids that spread over the partitions of a cluster's internal topic. A broker node
 * keys each record by the publisher's client id and the producer's default partitioner puts a
 * key in {@code murmur2(key) % partitions}: with ids picked by that function, publisher {@code i}
 * lands in partition {@code i % partitions}, so the executors get equal shares instead of
 * whatever a hash of arbitrary ids gives with 8 keys.
 */
public final class ClientIds {
    private ClientIds() {
    }

    /** The partition a record keyed by {@code clientId} goes to (the producer's default partitioner). */
    public static int partitionOf(String clientId, int partitions) {
        return Utils.toPositive(Utils.murmur2(clientId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * {@code count} distinct ids {@code <prefix><n>}, the {@code i}-th in partition
     * {@code i % partitions}: the smallest unused {@code n} that hashes there.
     */
    public static List<String> spread(String prefix, int count, int partitions) {
        if (partitions < 1 || count < 0) {
            throw new IllegalArgumentException("partitions " + partitions + ", count " + count);
        }
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int want = i % partitions;
            int n = 0;
            while (partitionOf(prefix + n, partitions) != want || ids.contains(prefix + n)) {
                n++;
            }
            ids.add(prefix + n);
        }
        return ids;
    }
}
