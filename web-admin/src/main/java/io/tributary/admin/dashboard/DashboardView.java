package io.tributary.admin.dashboard;

import io.tributary.integration.IntegrationStatus;

import java.util.List;
import java.util.Map;

/**
 * What the dashboard shows, as {@code GET /api/dashboard} returns it. Rates are per second over
 * the last {@link Dashboard#RATE_WINDOW_SECONDS} seconds, computed on the server from samples it
 * keeps; {@code null} means "not measured" (the meter does not exist, or no earlier sample yet).
 *
 * @param time               epoch millis of this view
 * @param sampleSeconds      seconds between two points of {@link #series}
 * @param integrationStates  how many integrations are in each state (every state listed)
 * @param backpressure       integrations holding publishers back now, longest first
 * @param recentErrors       newest first, across integrations
 */
public record DashboardView(long time, int sampleSeconds, Broker broker, Series series,
                            Map<IntegrationStatus, Integer> integrationStates, List<Integration> integrations,
                            List<Backpressure> backpressure, List<RecentError> recentErrors) {

    /**
     * The broker: rates, totals since start and gauges now.
     *
     * @param receivedPerSecond PUBLISH packets received per second (all QoS)
     * @param sentPerSecond     PUBLISH packets sent to subscribers per second
     */
    public record Broker(Double receivedPerSecond, Double sentPerSecond, Double bytesReceivedPerSecond,
                         Double bytesSentPerSecond, Double droppedPerSecond, Long messagesReceived,
                         Long messagesSent, Long dropped, Long connections, Long sessionsOnline,
                         Long sessionsOffline, Long subscriptions, Long retainedMessages) {
    }

    /**
     * Throughput of the last minutes, one point per sample interval, oldest first (uPlot's columns).
     *
     * @param time epoch seconds
     */
    public record Series(List<Long> time, List<Double> receivedPerSecond, List<Double> sentPerSecond) {
    }

    /**
     * One integration.
     *
     * @param queuedMessages messages waiting in its log (plus publishes held while it is full)
     * @param heldPublishers distinct publishers it holds back, {@code null} when not measured
     * @param fullSince      epoch millis since when its log has been full, {@code null} when it is not
     */
    public record Integration(String id, String name, String type, IntegrationStatus state, String reason,
                              Double matchedPerSecond, Double deliveredPerSecond, Double failedPerSecond,
                              long delivered, long failed, long queuedMessages, long queuedBytes, long inFlight,
                              long heldPublishes, Long heldPublishers, Long fullSince) {
    }

    /**
     * An integration whose full log holds publishers back (their QoS 1/2 publishes wait for room).
     *
     * @param heldPublishers distinct publishers held, {@code null} when not measured
     * @param heldPublishes  publishes waiting for room
     * @param since          epoch millis since when its log has been full, {@code null} when not full
     */
    public record Backpressure(String id, String name, Long heldPublishers, long heldPublishes,
                               long queuedMessages, Long since) {
    }

    /** An ERROR event of an integration. */
    public record RecentError(long time, String integrationId, String integrationName, String kind, String error,
                              String topic, String clientId) {
    }
}
