package io.tributary.http.delivery;

import io.tributary.plugin.api.runtime.EventReporter;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Reports whether the endpoint answers, from the outcome of real requests (there is no separate
 * probe): any HTTP response means connected, a transport failure disconnected. Only changes are
 * reported, so a flood of failures makes one status change, not one per message.
 */
final class Connectivity {
    private final EventReporter events;
    private final AtomicReference<Boolean> connected = new AtomicReference<>();

    Connectivity(EventReporter events) {
        this.events = events;
    }

    void answered(String detail) {
        if (!Boolean.TRUE.equals(connected.getAndSet(true))) {
            events.connectivity(true, detail);
        }
    }

    void unreachable(String detail) {
        if (!Boolean.FALSE.equals(connected.getAndSet(false))) {
            events.connectivity(false, detail);
        }
    }
}
