package io.tributary.plugin.testkit;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What an integration reported through its {@link io.tributary.plugin.api.runtime.EventReporter}
 * while the kit ran it: errors (with the topic of the message, if any) and connectivity changes.
 */
public final class RecordedEvents {
    /**
     * One reported error.
     *
     * @param topic   topic of the message the error is about, or {@code null}
     * @param message the plugin's text
     * @param cause   the cause as text ({@code null} when none); kept as text so that no
     *                plugin exception class is held after the plugin unloads
     */
    public record ReportedError(String topic, String message, String cause) {
        /**
         * {@code topic: message | cause} (each part only when present): everything an operator
         * would read in the error event, for {@code contains} assertions.
         *
         * @since 0.2
         */
        public String text() {
            return (topic == null ? "" : topic + ": ") + message + (cause == null ? "" : " | " + cause);
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /**
     * One connectivity report.
     *
     * @param connected reachable or not
     * @param detail    the plugin's explanation, or {@code null}
     */
    public record Connectivity(boolean connected, String detail) {
        /** {@code connected: detail} or {@code disconnected: detail}. */
        @Override
        public String toString() {
            return (connected ? "connected: " : "disconnected: ") + detail;
        }
    }

    private final List<ReportedError> errors = new CopyOnWriteArrayList<>();
    private final List<Connectivity> connectivity = new CopyOnWriteArrayList<>();
    private final List<String> texts = new CopyOnWriteArrayList<>();

    /** Errors in the order reported. */
    public List<ReportedError> errors() {
        return List.copyOf(errors);
    }

    /** Connectivity reports in the order reported. */
    public List<Connectivity> connectivity() {
        return List.copyOf(connectivity);
    }

    /**
     * The latest connectivity report, e.g. to wait until the plugin says it is connected:
     * {@code await().until(() -> events.lastConnectivity().map(Connectivity::connected).orElse(false))}.
     *
     * @since 0.2
     */
    public Optional<Connectivity> lastConnectivity() {
        List<Connectivity> all = connectivity();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * Every error and connectivity report as text, in the order reported: to check that no
     * secret appears in anything the plugin reported.
     *
     * @since 0.2
     */
    public List<String> texts() {
        return List.copyOf(texts);
    }

    void error(String topic, String message, Throwable cause) {
        ReportedError e = new ReportedError(topic, message, cause == null ? null : cause.toString());
        errors.add(e);
        texts.add(e.text());
    }

    void connectivity(boolean connected, String detail) {
        Connectivity c = new Connectivity(connected, detail);
        connectivity.add(c);
        texts.add(c.toString());
    }
}
