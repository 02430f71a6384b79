package io.tributary.kafka;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.EventReporter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the integration reports, for assertions. */
public final class RecordingEvents implements EventReporter {
    /** One reported event: an error (connected == null) or a connectivity change. */
    public record Event(Boolean connected, String text) {
        public boolean isError() {
            return connected == null;
        }
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void error(String message, Throwable cause) {
        events.add(new Event(null, message + (cause == null ? "" : " | " + cause)));
    }

    @Override
    public void error(IntegrationMessage context, String message, Throwable cause) {
        error(context.topic() + ": " + message, cause);
    }

    @Override
    public void connectivity(boolean connected, String detail) {
        events.add(new Event(connected, detail));
    }

    public List<Event> all() {
        return List.copyOf(events);
    }

    public List<String> errors() {
        return events.stream().filter(Event::isError).map(Event::text).toList();
    }

    public List<Event> connectivity() {
        return events.stream().filter(e -> !e.isError()).toList();
    }

    /** The last connectivity report, or null. */
    public Event lastConnectivity() {
        List<Event> c = connectivity();
        return c.isEmpty() ? null : c.get(c.size() - 1);
    }
}
