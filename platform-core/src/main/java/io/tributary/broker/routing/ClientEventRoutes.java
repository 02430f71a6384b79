package io.tributary.broker.routing;

import io.tributary.broker.message.BrokerMessage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The integrations that also receive client lifecycle events. Read on every connect, so the
 * check for "nobody wants them" is one volatile read of an array, and delivery never blocks: each
 * integration's sink takes the event into its log or, when the log is full, drops and counts it.
 */
public final class ClientEventRoutes {
    private static final IntegrationSink[] NONE = new IntegrationSink[0];

    private final Map<String, IntegrationSink> byId = new LinkedHashMap<>();
    /** Snapshot of {@link #byId}'s values, replaced on every change. */
    private volatile IntegrationSink[] sinks = NONE;

    /** {@code integrationId} receives events through {@code sink} from now on (replacing a previous sink). */
    public synchronized void register(String integrationId, IntegrationSink sink) {
        byId.put(integrationId, sink);
        sinks = byId.values().toArray(NONE);
    }

    /** {@code integrationId} receives no more events; nothing when it did not. */
    public synchronized void unregister(String integrationId) {
        if (byId.remove(integrationId) != null) {
            sinks = byId.isEmpty() ? NONE : byId.values().toArray(NONE);
        }
    }

    /** True when at least one integration wants client events. */
    public boolean wanted() {
        return sinks.length != 0;
    }

    /** Offers {@code event} to every integration that wants events; never waits for them to store it. */
    public void dispatch(BrokerMessage event) {
        for (IntegrationSink sink : sinks) {
            sink.offer(event);
        }
    }
}
