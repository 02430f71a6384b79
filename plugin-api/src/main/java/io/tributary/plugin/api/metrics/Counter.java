package io.tributary.plugin.api.metrics;

/**
 * A total that only grows. Thread-safe and cheap: may be incremented per message.
 *
 * @since 0.3
 */
@FunctionalInterface
public interface Counter {
    /** Adds {@code amount} (not negative). */
    void increment(long amount);

    /** Adds one. */
    default void increment() {
        increment(1);
    }
}
