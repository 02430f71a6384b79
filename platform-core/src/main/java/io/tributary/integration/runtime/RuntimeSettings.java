package io.tributary.integration.runtime;

import io.tributary.config.ConfigKey;
import io.tributary.config.TributaryConfig;
import io.tributary.integration.log.LogSettings;
import io.tributary.storage.log.Durability;

import java.time.Duration;

/**
 * Limits and retry policy of the integration runtime.
 *
 * @param log             where and how integration logs are kept, and their bounds
 * @param maxInFlight     attempts outstanding per integration (in flight or waiting for a retry)
 * @param processTimeout  time a plugin has to complete one message
 * @param retryInitial    first retry delay of a failed message
 * @param retryMax        longest retry delay
 * @param retryQos0       retry QoS 0 messages too
 * @param maxAttempts     attempts after which a message is dead-lettered, 0 for no limit
 * @param restartInitial  first delay before restarting a failed integration
 * @param restartMax      longest restart delay
 * @param statsInterval   period of STATISTICS events
 * @param stopTimeout     time a plugin has to stop
 * @param drainTimeout    time deliveries in flight get to finish when delivery stops
 */
public record RuntimeSettings(LogSettings log, int maxInFlight, Duration processTimeout, Duration retryInitial,
                              Duration retryMax, boolean retryQos0, int maxAttempts, Duration restartInitial,
                              Duration restartMax, Duration statsInterval, Duration stopTimeout,
                              Duration drainTimeout) {

    public static RuntimeSettings from(TributaryConfig c) {
        LogSettings log = new LogSettings(c.dataDir().resolve("integrations"),
                Durability.parse(c.get(ConfigKey.INTEGRATION_DURABILITY)),
                c.getLong(ConfigKey.INTEGRATION_MAX_MESSAGES), c.getLong(ConfigKey.INTEGRATION_MAX_BYTES),
                maxRecordBytes(c.getInt(ConfigKey.MQTT_MAX_PACKET_SIZE)));
        return new RuntimeSettings(log,
                c.getInt(ConfigKey.INTEGRATION_MAX_INFLIGHT),
                Duration.ofMillis(c.getLong(ConfigKey.INTEGRATION_PROCESS_TIMEOUT)),
                Duration.ofMillis(c.getLong(ConfigKey.INTEGRATION_RETRY_INITIAL)),
                Duration.ofMillis(c.getLong(ConfigKey.INTEGRATION_RETRY_MAX)),
                c.getBoolean(ConfigKey.INTEGRATION_RETRY_QOS0),
                c.getInt(ConfigKey.INTEGRATION_MAX_ATTEMPTS),
                Duration.ofSeconds(c.getLong(ConfigKey.INTEGRATION_RESTART_INITIAL)),
                Duration.ofSeconds(c.getLong(ConfigKey.INTEGRATION_RESTART_MAX)),
                Duration.ofSeconds(c.getLong(ConfigKey.INTEGRATION_STATS_INTERVAL)),
                Duration.ofSeconds(10),
                Duration.ofSeconds(c.getLong(ConfigKey.SHUTDOWN_DRAIN_SECONDS)));
    }

    /** The largest message record: a whole MQTT packet of payload, topic and properties, with room to spare. */
    public static int maxRecordBytes(int maxPacketSize) {
        return (int) Math.min(Integer.MAX_VALUE - 1024, 2L * maxPacketSize + 1024);
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
