package io.tributary.integration.runtime;

import io.tributary.integration.events.EventSink;
import io.tributary.integration.events.EventType;
import io.tributary.integration.events.IntegrationEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Events kept in a list, for runtime tests that do not need SQLite. */
public final class MemoryEventSink implements EventSink {
    private final List<IntegrationEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(IntegrationEvent event) {
        events.add(event);
    }

    @Override
    public List<IntegrationEvent> list(String integrationId, EventType type, long from, long before, int limit) {
        List<IntegrationEvent> out = new ArrayList<>();
        for (IntegrationEvent e : events) {
            if (e.integrationId().equals(integrationId) && (type == null || e.type() == type)
                    && e.time() >= from && e.time() < before) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparingLong(IntegrationEvent::time).reversed());
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    public List<IntegrationEvent> all() {
        return List.copyOf(events);
    }

    public boolean has(String integrationId, EventType type, String event) {
        return events.stream().anyMatch(e -> e.integrationId().equals(integrationId) && e.type() == type
                && e.event().equals(event));
    }
}
