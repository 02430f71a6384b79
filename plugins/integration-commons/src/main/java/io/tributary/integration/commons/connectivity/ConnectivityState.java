package io.tributary.integration.commons.connectivity;

import io.tributary.plugin.api.runtime.EventReporter;

/**
 * Whether the external system answers, reported to the platform only when it changes: a flood
 * of failed messages makes one status change, not one event per message. Thread-safe.
 */
public final class ConnectivityState {
    private final EventReporter events;

    /** {@code null} until the first outcome; guarded by this. */
    private Boolean connected;
    /** The detail last reported while disconnected; guarded by this. */
    private String reason;

    public ConnectivityState(EventReporter events) {
        this.events = events;
    }

    /**
     * The system answered. Reports {@code detail} unless already connected.
     *
     * @return true when this was reported (a change)
     */
    public synchronized boolean connected(String detail) {
        if (Boolean.TRUE.equals(connected)) {
            return false;
        }
        connected = true;
        reason = null;
        // under the lock: two threads' changes reach the platform in the order they happened
        events.connectivity(true, detail);
        return true;
    }

    /**
     * The system did not answer. Reports {@code detail} unless already disconnected: for
     * per-message outcomes, whose texts differ from message to message.
     *
     * @return true when this was reported (a change)
     */
    public boolean disconnected(String detail) {
        return disconnected(detail, false);
    }

    /**
     * The system did not answer. Reports {@code detail} unless already disconnected for the same
     * reason: for periodic probes, where a new reason is news.
     *
     * @return true when this was reported (a change of state or of reason)
     */
    public boolean disconnectedForNewReason(String detail) {
        return disconnected(detail, true);
    }

    private synchronized boolean disconnected(String detail, boolean newReasons) {
        boolean changed = !Boolean.FALSE.equals(connected) || (newReasons && !detail.equals(reason));
        connected = false;
        reason = detail;
        if (changed) {
            events.connectivity(false, detail);
        }
        return changed;
    }

    /** True when the last outcome was an answer. */
    public synchronized boolean isConnected() {
        return Boolean.TRUE.equals(connected);
    }
}
