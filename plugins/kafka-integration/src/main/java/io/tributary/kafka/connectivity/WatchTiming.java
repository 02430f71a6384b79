package io.tributary.kafka.connectivity;

import java.time.Duration;

/**
 * How often {@link ConnectivityWatcher} asks the cluster, and how long one probe may take.
 * Not operator-configurable; tests use shorter intervals.
 *
 * @param whileConnected    interval while the cluster answers
 * @param whileDisconnected interval after a failed probe, shorter so recovery shows quickly
 * @param probeTimeout      bound for one {@code describeCluster}
 */
public record WatchTiming(Duration whileConnected, Duration whileDisconnected, Duration probeTimeout) {
    public static final WatchTiming DEFAULT =
            new WatchTiming(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10));
}
