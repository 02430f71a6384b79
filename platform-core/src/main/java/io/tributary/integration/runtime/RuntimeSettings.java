package io.tributary.integration.runtime;

import io.tributary.config.ConfigKey;
import io.tributary.config.TributaryConfig;

import java.time.Duration;

/**
 * Limits and retry policy of the integration runtime.
 *
 * @param queueCapacity   messages queued per integration before backpressure / drops
 * @param maxInFlight     concurrent {@code process} calls per integration
 * @param processTimeout  time a plugin has to complete one message
 * @param retryInitial    first retry delay of a failed message
 * @param retryMax        longest retry delay
 * @param retryQos0       retry QoS 0 messages too
 * @param restartInitial  first delay before restarting a failed integration
 * @param restartMax      longest restart delay
 * @param statsInterval   period of STATISTICS events
 * @param stopTimeout     time a plugin has to stop
 */
public record RuntimeSettings(int queueCapacity, int maxInFlight, Duration processTimeout, Duration retryInitial,
                              Duration retryMax, boolean retryQos0, Duration restartInitial, Duration restartMax,
                              Duration statsInterval, Duration stopTimeout) {

    public static RuntimeSettings from(TributaryConfig c) {
        return new RuntimeSettings(
                c.getInt(ConfigKey.INTEGRATION_QUEUE_CAPACITY),
                c.getInt(ConfigKey.INTEGRATION_MAX_INFLIGHT),
                Duration.ofMillis(c.getLong(ConfigKey.INTEGRATION_PROCESS_TIMEOUT)),
                Duration.ofMillis(c.getLong(ConfigKey.INTEGRATION_RETRY_INITIAL)),
                Duration.ofMillis(c.getLong(ConfigKey.INTEGRATION_RETRY_MAX)),
                c.getBoolean(ConfigKey.INTEGRATION_RETRY_QOS0),
                Duration.ofSeconds(c.getLong(ConfigKey.INTEGRATION_RESTART_INITIAL)),
                Duration.ofSeconds(c.getLong(ConfigKey.INTEGRATION_RESTART_MAX)),
                Duration.ofSeconds(c.getLong(ConfigKey.INTEGRATION_STATS_INTERVAL)),
                Duration.ofSeconds(10));
    }

    /** Delay before retry number {@code attempt} (1-based), doubling up to {@code max}. */
    static Duration backoff(Duration initial, Duration max, int attempt) {
        long millis = initial.toMillis();
        for (int i = 1; i < attempt && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
