package io.tributary.integration.runtime;

/**
 * Counters of one integration since it was deployed.
 *
 * @param matched       messages whose topic matched the integration's filters
 * @param succeeded     messages the plugin delivered
 * @param failed        failed delivery attempts
 * @param dropped       QoS 0 messages dropped because the queue was full
 * @param retried       delivery attempts that were retries
 * @param abandoned     messages given up (integration stopped, or not retried)
 * @param queued        messages waiting in the queue now
 * @param inFlight      messages being processed now
 * @param ratePerMinute succeeded messages in the last minute
 */
public record StatisticsSnapshot(long matched, long succeeded, long failed, long dropped, long retried,
                                 long abandoned, long queued, long inFlight, long ratePerMinute) {
    public static final StatisticsSnapshot EMPTY = new StatisticsSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
