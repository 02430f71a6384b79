package io.tributary.plugin.testkit;

import java.util.List;
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
    }

    /**
     * One connectivity report.
     *
     * @param connected reachable or not
     * @param detail    the plugin's explanation, or {@code null}
     */
    public record Connectivity(boolean connected, String detail) {
    }

    private final List<ReportedError> errors = new CopyOnWriteArrayList<>();
    private final List<Connectivity> connectivity = new CopyOnWriteArrayList<>();

    /** Errors in the order reported. */
    public List<ReportedError> errors() {
        return List.copyOf(errors);
    }

    /** Connectivity reports in the order reported. */
    public List<Connectivity> connectivity() {
        return List.copyOf(connectivity);
    }

    void error(String topic, String message, Throwable cause) {
        errors.add(new ReportedError(topic, message, cause == null ? null : cause.toString()));
    }

    void connectivity(boolean connected, String detail) {
        connectivity.add(new Connectivity(connected, detail));
    }
}
