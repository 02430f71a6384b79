package io.tributary.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Who publishes where and who receives what.
 *
 * @param publisherTopics   topic of each publisher
 * @param receiverFilters   topic filter of each receiver (MQTT subscriber or Kafka consumer)
 * @param receiverPublishers for each receiver, the publishers whose every message it must get
 */
public record Topology(String name, List<String> publisherTopics, List<String> receiverFilters,
                       int[][] receiverPublishers) {

    /** How many receivers get each publisher's message. */
    public int[] fanout() {
        int[] f = new int[publisherTopics.size()];
        for (int[] pubs : receiverPublishers) {
            for (int p : pubs) {
                f[p]++;
            }
        }
        return f;
    }

    /**
     * Fan-in: publishers split round-robin into {@code groups}; one subscriber per group on
     * {@code bench/g<group>/#}; publisher i publishes to {@code bench/g<group>/t<k>}, with
     * {@code topics} distinct topics overall.
     */
    public static Topology fanIn(int publishers, int groups, int topics) {
        List<String> pubTopics = new ArrayList<>();
        List<List<Integer>> members = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < publishers; i++) {
            int g = i % groups;
            pubTopics.add("bench/g" + g + "/t" + (i % Math.max(1, topics)));
            members.get(g).add(i);
        }
        List<String> filters = new ArrayList<>();
        int[][] rp = new int[groups][];
        for (int g = 0; g < groups; g++) {
            filters.add("bench/g" + g + "/#");
            rp[g] = members.get(g).stream().mapToInt(Integer::intValue).toArray();
        }
        return new Topology("fan-in", pubTopics, filters, rp);
    }

    /** Point-to-point: publisher i to {@code bench/p2p/i}, subscriber i on exactly that topic. */
    public static Topology pointToPoint(int pairs) {
        List<String> pubTopics = new ArrayList<>();
        List<String> filters = new ArrayList<>();
        int[][] rp = new int[pairs][];
        for (int i = 0; i < pairs; i++) {
            pubTopics.add("bench/p2p/" + i);
            filters.add("bench/p2p/" + i);
            rp[i] = new int[]{i};
        }
        return new Topology("p2p", pubTopics, filters, rp);
    }

    /** Overload: publisher i on {@code bench/p<i>}, one subscriber on {@code bench/#} gets everything. */
    public static Topology overload(int publishers) {
        List<String> pubTopics = new ArrayList<>();
        int[] all = new int[publishers];
        for (int i = 0; i < publishers; i++) {
            pubTopics.add("bench/p" + i);
            all[i] = i;
        }
        return new Topology("overload", pubTopics, List.of("bench/#"), new int[][]{all});
    }

    /** Publishers on {@code tbmq/bench/i}; one receiver (the Kafka consumer) gets everything. */
    public static Topology toKafka(int publishers) {
        List<String> pubTopics = new ArrayList<>();
        int[] all = new int[publishers];
        for (int i = 0; i < publishers; i++) {
            pubTopics.add("tbmq/bench/" + i);
            all[i] = i;
        }
        return new Topology("kafka", pubTopics, List.of("tbmq/#"), new int[][]{all});
    }
}
