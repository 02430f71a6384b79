package io.tributary.integration.events;

import io.tributary.concurrent.Daemons;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Records integration events off the hot path (one background writer), truncates error texts
 * and rate-limits errors per integration, so a failing integration cannot flood the store:
 * at most {@value #ERRORS_PER_WINDOW} error events per integration every
 * {@value #WINDOW_MILLIS} ms; the rest are counted and reported with the next one recorded.
 */
public final class EventRecorder implements AutoCloseable {
    public static final int MAX_TEXT = 4096;
    static final int ERRORS_PER_WINDOW = 10;
    static final long WINDOW_MILLIS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

    private final EventSink sink;
    private final ExecutorService writer;
    private final Map<String, ErrorWindow> windows = new ConcurrentHashMap<>();

    public EventRecorder(EventSink sink) {
        this.sink = sink;
        this.writer = Daemons.worker("event-writer");
    }

    public EventSink sink() {
        return sink;
    }

    public void lifecycle(String integrationId, String event, Map<String, Object> body) {
        submit(new IntegrationEvent(0, integrationId, EventType.LIFECYCLE, event, System.currentTimeMillis(), body));
    }

    public void statistics(String integrationId, Map<String, Object> body) {
        submit(new IntegrationEvent(0, integrationId, EventType.STATISTICS, "STATS", System.currentTimeMillis(), body));
    }

    /**
     * An error event, subject to rate limiting.
     *
     * @param kind     short category, e.g. PROCESS, START, PLUGIN
     * @param text     error text (truncated to {@value #MAX_TEXT} characters)
     * @param topic    MQTT topic of the message involved, or {@code null}
     * @param clientId publisher of the message involved, or {@code null}
     */
    public void error(String integrationId, String kind, String text, String topic, String clientId) {
        ErrorWindow w = windows.computeIfAbsent(integrationId, k -> new ErrorWindow());
        long suppressed;
        synchronized (w) {
            long now = System.currentTimeMillis();
            if (now - w.start >= WINDOW_MILLIS) {
                w.start = now;
                w.count = 0;
            }
            if (w.count >= ERRORS_PER_WINDOW) {
                w.suppressed++;
                return;
            }
            w.count++;
            suppressed = w.suppressed;
            w.suppressed = 0;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", truncate(text));
        if (topic != null) {
            body.put("topic", topic);
        }
        if (clientId != null) {
            body.put("clientId", clientId);
        }
        if (suppressed > 0) {
            body.put("suppressed", suppressed);
        }
        submit(new IntegrationEvent(0, integrationId, EventType.ERROR, kind, System.currentTimeMillis(), body));
    }

    /** Forgets rate-limit state of a deleted integration. */
    public void forget(String integrationId) {
        windows.remove(integrationId);
    }

    /** Waits until everything submitted so far is written (tests, shutdown). */
    public void flush() {
        try {
            writer.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Event writer did not flush: {}", e.toString());
        }
    }

    @Override
    public void close() {
        flush();
        writer.shutdown();
    }

    static String truncate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }

    private void submit(IntegrationEvent event) {
        try {
            writer.execute(() -> {
                try {
                    sink.record(event);
                } catch (RuntimeException e) {
                    log.warn("Could not record {} event of {}: {}", event.type(), event.integrationId(), e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("Event recorder closed; dropped {} event", event.type());
        }
    }

    private static final class ErrorWindow {
        long start;
        int count;
        long suppressed;
    }
}
