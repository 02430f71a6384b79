package io.tributary.admin.dashboard;

import io.tributary.integration.events.EventSink;
import io.tributary.integration.events.EventType;
import io.tributary.integration.events.IntegrationEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The newest ERROR events across integrations, from the event store. */
final class RecentErrors {
    private final EventSink events;

    RecentErrors(EventSink events) {
        this.events = events;
    }

    /** At most {@code limit} errors of these integrations at or after {@code from}, newest first. */
    List<DashboardView.RecentError> list(List<IntegrationFigure> integrations, long from, int limit) {
        List<DashboardView.RecentError> all = new ArrayList<>();
        for (IntegrationFigure d : integrations) {
            for (IntegrationEvent e : events.list(d.id(), EventType.ERROR, from, Long.MAX_VALUE, limit)) {
                all.add(new DashboardView.RecentError(e.time(), d.id(), d.name(), e.event(), text(e, "error"),
                        text(e, "topic"), text(e, "clientId")));
            }
        }
        all.sort(Comparator.comparingLong(DashboardView.RecentError::time).reversed());
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
    }

    private static String text(IntegrationEvent e, String key) {
        Object v = e.body() == null ? null : e.body().get(key);
        return v == null ? null : v.toString();
    }
}
