package io.tributary.plugin.api.metrics;

import java.util.function.DoubleSupplier;

/**
 * Registers an integration's own meters with the platform. Implemented by the platform;
 * obtained from {@link io.tributary.plugin.api.runtime.IntegrationContext#metrics()}.
 *
 * <p>Names are lower snake case ({@code [a-z][a-z0-9_]*}), without a prefix or a unit suffix
 * other than the base unit ({@code _bytes}, {@code _seconds}): the platform exports
 * {@code kafka_producer_buffer_available_bytes} as
 * {@code tributary_plugin_kafka_producer_buffer_available_bytes{integration="…",type="…"}},
 * counters with {@code _total} appended. {@code tags} are extra label pairs
 * ({@code "key1", "value1", "key2", "value2"}); the keys {@code integration}, {@code type}
 * and {@code node} are the platform's. One name always has the same tag keys.
 *
 * <p>Register in {@code start}, not per message: registering looks a meter up, updating one
 * is cheap. Registering the same name and tags again returns the same meter (a gauge keeps its
 * first function). Every meter is removed when the integration stops; a restarted integration
 * registers them again.
 *
 * <p>Threading: thread-safe. A gauge's function is called on a platform thread whenever the
 * meters are read (a scrape): it must be quick, must not block, and should not throw (a throw
 * reads as NaN).
 *
 * @since 0.3
 */
public interface Metrics {
    /** Meters that go nowhere: what a platform older than 0.3 gives. */
    Metrics NONE = new Metrics() {
        @Override
        public Counter counter(String name, String description, String... tags) {
            return amount -> {
            };
        }

        @Override
        public void gauge(String name, String description, DoubleSupplier value, String... tags) {
        }

        @Override
        public Timer timer(String name, String description, String... tags) {
            return nanos -> {
            };
        }
    };

    /**
     * A counter: a total that only grows (requests sent, errors), exported with {@code _total}.
     *
     * @throws IllegalArgumentException for an invalid name, odd tags or a reserved tag key
     */
    Counter counter(String name, String description, String... tags);

    /**
     * A gauge: a value read when the meters are read (buffer bytes free, a rate the client library
     * computes). NaN when there is no value yet.
     *
     * @throws IllegalArgumentException for an invalid name, odd tags or a reserved tag key
     */
    void gauge(String name, String description, DoubleSupplier value, String... tags);

    /**
     * A timer: a histogram of durations (count, sum, buckets), exported in seconds with
     * {@code _seconds} appended to the name.
     *
     * @throws IllegalArgumentException for an invalid name, odd tags or a reserved tag key
     */
    Timer timer(String name, String description, String... tags);
}
