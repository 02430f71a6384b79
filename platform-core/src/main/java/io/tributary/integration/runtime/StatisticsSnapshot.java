package io.tributary.integration.runtime;

/**
 * Counters of one integration since the platform started, and its log now.
 *
 * @param matched       messages whose topic matched the integration's filters
 * @param succeeded     messages the plugin delivered
 * @param failed        failed delivery attempts
 * @param dropped       QoS 0 messages dropped because the log was full
 * @param retried       delivery attempts that were retries
 * @param abandoned     messages given up without a dead letter (failed QoS 0 messages that are not retried)
 * @param queued        messages in the log not yet delivered, plus publishes held while it is full
 * @param inFlight      messages being processed now
 * @param ratePerMinute succeeded messages in the last minute
 * @param queuedBytes   bytes the log takes
 * @param deadLettered  messages moved to the dead letters
 * @param redelivered   messages read again after a stop or restart although already delivered (duplicates)
 * @param held          QoS 1/2 publishes waiting for room in a full log
 * @param fullSince     epoch millis since when the log has been full, 0 when it is not
 * @param heldPublishers distinct publishers (clients) with publishes held: who this integration holds back
 */
public record StatisticsSnapshot(long matched, long succeeded, long failed, long dropped, long retried,
                                 long abandoned, long queued, long inFlight, long ratePerMinute, long queuedBytes,
                                 long deadLettered, long redelivered, long held, long fullSince,
                                 long heldPublishers) {
    public static final StatisticsSnapshot EMPTY = new StatisticsSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Without the count of held publishers (0). */
    public StatisticsSnapshot(long matched, long succeeded, long failed, long dropped, long retried, long abandoned,
                              long queued, long inFlight, long ratePerMinute, long queuedBytes, long deadLettered,
                              long redelivered, long held, long fullSince) {
        this(matched, succeeded, failed, dropped, retried, abandoned, queued, inFlight, ratePerMinute, queuedBytes,
                deadLettered, redelivered, held, fullSince, 0);
    }
}
