package io.tributary.metrics;

import java.time.Duration;

/**
 * The histogram buckets of every latency timer of the platform (PUBACK latency, integration
 * delivery latency, plugin timers): 0.5 ms to 60 s, three per decade, so that a Prometheus
 * {@code histogram_quantile} over them is useful without the ~70 buckets of a default percentile
 * histogram per series.
 */
public final class LatencyBuckets {
    private static final Duration[] BUCKETS = {
        Duration.ofNanos(500_000), ms(1), Duration.ofNanos(2_500_000), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500),
        ms(1000), ms(2500), ms(5000), ms(10_000), ms(30_000), ms(60_000)
    };

    private LatencyBuckets() {
    }

    /** The bucket bounds, a fresh array. */
    public static Duration[] bounds() {
        return BUCKETS.clone();
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
