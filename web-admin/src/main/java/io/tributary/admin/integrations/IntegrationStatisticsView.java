package io.tributary.admin.integrations;

import io.tributary.integration.runtime.StatisticsSnapshot;

/**
 * An integration's {@code statistics} as the API returns them: the runtime's counters since the
 * platform started, its log now, and the dead letters it holds now.
 *
 * @param queued       messages in its log not yet delivered, plus publishes held while the log is full
 * @param queuedBytes  bytes its log takes
 * @param deadLettered messages moved to its dead letters since the platform started
 * @param redelivered  messages delivered again after a stop or restart (duplicates)
 * @param held         QoS 1/2 publishes waiting for room in its full log
 * @param fullSince    epoch millis since when its log has been full, 0 when it is not
 * @param deadLetters  dead letters it holds now (replay or purge them)
 * @param heldPublishers distinct publishers (clients) whose publishes wait for room in its full log
 */
record IntegrationStatisticsView(long matched, long succeeded, long failed, long dropped, long retried,
                                 long abandoned, long queued, long inFlight, long ratePerMinute, long queuedBytes,
                                 long deadLettered, long redelivered, long held, long fullSince, long deadLetters,
                                 long heldPublishers) {

    static IntegrationStatisticsView of(StatisticsSnapshot s, long deadLetters) {
        return new IntegrationStatisticsView(s.matched(), s.succeeded(), s.failed(), s.dropped(), s.retried(),
                s.abandoned(), s.queued(), s.inFlight(), s.ratePerMinute(), s.queuedBytes(), s.deadLettered(),
                s.redelivered(), s.held(), s.fullSince(), deadLetters, s.heldPublishers());
    }
}
