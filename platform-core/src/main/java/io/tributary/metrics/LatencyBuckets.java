package io.tributary.metrics;

import java.time.Duration;

/**
 * The histogram buckets of the platform's latency timers: 1 ms to 60 s, about three per decade,
 * so that a Prometheus {@code histogram_quantile} over them is useful without the ~70 buckets of a
 * default percentile histogram per series.
 */
public final class LatencyBuckets {
    private static final Duration[] BUCKETS = {
        ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500),
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
