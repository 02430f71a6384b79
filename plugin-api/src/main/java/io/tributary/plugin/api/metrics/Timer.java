package io.tributary.plugin.api.metrics;

import java.time.Duration;

/**
 * Durations, exported as a histogram in seconds. Thread-safe and cheap: may record per message.
 *
 * @since 0.3
 */
@FunctionalInterface
public interface Timer {
    /** Records a duration of {@code nanos} nanoseconds (e.g. the difference of two {@link System#nanoTime()}). */
    void recordNanos(long nanos);

    /** Records {@code duration}. */
    default void record(Duration duration) {
        recordNanos(duration.toNanos());
    }
}
