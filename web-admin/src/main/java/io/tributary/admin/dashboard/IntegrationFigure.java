package io.tributary.admin.dashboard;

import io.tributary.integration.IntegrationStatus;

/**
 * One integration's state and counters at one moment.
 *
 * @param matched        messages whose topic matched its filters, since start
 * @param delivered      messages its plugin delivered, since start
 * @param failed         failed delivery attempts, since start
 * @param dropped        messages dropped because its log was full, since start
 * @param queued         messages waiting in its log (plus publishes held while it is full)
 * @param queuedBytes    bytes its log takes
 * @param heldPublishes  QoS 1/2 publishes waiting for room in its full log
 * @param heldPublishers distinct publishers it holds back now, {@code null} when not measured
 * @param fullSince      epoch millis since when its log has been full, 0 when it is not
 */
public record IntegrationFigure(String id, String name, String type, IntegrationStatus state, String reason,
                                long matched, long delivered, long failed, long dropped, long queued,
                                long queuedBytes, long inFlight, long heldPublishes, Long heldPublishers,
                                long fullSince) {

    /** Whether it holds publishers back now (its log is full, or publishes wait for room). */
    public boolean backpressure() {
        return fullSince > 0 || heldPublishes > 0 || (heldPublishers != null && heldPublishers > 0);
    }
}
