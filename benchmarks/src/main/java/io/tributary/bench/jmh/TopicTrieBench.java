package io.tributary.bench.jmh;

import io.tributary.broker.topic.TopicTrie;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * The broker's subscription trie: one topic matched against {@code subscriptions} filters of
 * devices on sites ({@code site/S/dev/D/temp} exact, {@code site/S/dev/D/#}, {@code site/S/+/temp}),
 * of which a handful match.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TopicTrieBench {
    @Param({"1000", "100000"})
    public int subscriptions;

    private TopicTrie<String, Integer> trie;
    private String topic;
    private String miss;

    @Setup
    public void setup() {
        trie = new TopicTrie<>();
        int sites = Math.max(1, subscriptions / 100);
        int n = 0;
        outer:
        for (int s = 0; s < sites; s++) {
            trie.put("site/" + s + "/+/temp", "c-site-" + s, 1);
            n++;
            for (int d = 0; d < 100; d++) {
                if (n >= subscriptions) {
                    break outer;
                }
                String filter = (d % 2 == 0) ? "site/" + s + "/dev/" + d + "/temp" : "site/" + s + "/dev/" + d + "/#";
                trie.put(filter, "c-" + s + "-" + d, 1);
                n++;
            }
        }
        trie.put("#", "monitor", 0);
        topic = "site/" + (sites / 2) + "/dev/42/temp";
        miss = "other/" + (sites / 2) + "/dev/42/temp";
    }

    @Benchmark
    public void matchHit(Blackhole bh) {
        trie.match(topic, (k, v) -> bh.consume(k));
    }

    @Benchmark
    public void matchOnlyHash(Blackhole bh) {
        trie.match(miss, (k, v) -> bh.consume(k));
    }
}
