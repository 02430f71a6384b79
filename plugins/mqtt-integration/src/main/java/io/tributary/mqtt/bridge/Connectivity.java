package io.tributary.mqtt.bridge;

import io.tributary.plugin.api.runtime.EventReporter;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Reports the connection to the remote broker only when it changes: a broker that stays down
 * makes one event, not one per reconnect attempt or per message.
 */
final class Connectivity {
    private final EventReporter events;
    private final AtomicReference<Boolean> connected = new AtomicReference<>();

    Connectivity(EventReporter events) {
        this.events = events;
    }

    void connected(String detail) {
        if (!Boolean.TRUE.equals(connected.getAndSet(true))) {
            events.connectivity(true, detail);
        }
    }

    /** @return true when this is a change (the caller reports the error once) */
    boolean disconnected(String detail) {
        if (!Boolean.FALSE.equals(connected.getAndSet(false))) {
            events.connectivity(false, detail);
            return true;
        }
        return false;
    }
}
