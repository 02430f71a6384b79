package io.tributary.admin.ui.integrations;

import io.tributary.integration.events.EventSink;
import io.tributary.integration.events.EventType;
import io.tributary.integration.events.IntegrationEvent;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One page of an integration's events of one type, newest first, within a time range; the next
 * (older) page starts before the last event shown.
 *
 * @param range  one of {@link #RANGES}: 1h, 24h, 7d, all
 * @param before paging cursor (epoch millis, exclusive), or {@code null} for the newest
 * @param nextBefore cursor of the next page, or {@code null} when this is the last
 */
public record EventsView(EventType type, String range, Long before, List<Row> rows, Long nextBefore) {
    /** Time ranges offered, with their labels. */
    public static final Map<String, String> RANGES = new java.util.LinkedHashMap<>(Map.of());
    static final int PAGE_SIZE = 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    static {
        RANGES.put("1h", "Last hour");
        RANGES.put("24h", "Last 24 hours");
        RANGES.put("7d", "Last 7 days");
        RANGES.put("all", "All");
    }

    /** An event as the table shows it. */
    public record Row(long time, String timeText, String event, Map<String, Object> body) {
        /** A body value, or 0 for counters that are missing. */
        public long count(String key) {
            return body.get(key) instanceof Number n ? n.longValue() : 0;
        }
    }

    static EventsView load(EventSink events, String integrationId, EventType type, String range, Long before,
                           long now) {
        String r = RANGES.containsKey(range) ? range : "24h";
        List<IntegrationEvent> page = events.list(integrationId, type, from(r, now),
                before == null ? Long.MAX_VALUE : before, PAGE_SIZE + 1);
        boolean more = page.size() > PAGE_SIZE;
        List<Row> rows = new ArrayList<>();
        for (IntegrationEvent e : more ? page.subList(0, PAGE_SIZE) : page) {
            rows.add(row(e));
        }
        Long next = more ? rows.get(rows.size() - 1).time() : null;
        return new EventsView(type, r, before, rows, next);
    }

    static Row row(IntegrationEvent e) {
        return new Row(e.time(), TIME.format(Instant.ofEpochMilli(e.time())), e.event(),
                e.body() == null ? Map.of() : e.body());
    }

    static long from(String range, long now) {
        return switch (range) {
            case "1h" -> now - 3_600_000L;
            case "24h" -> now - 86_400_000L;
            case "7d" -> now - 7 * 86_400_000L;
            default -> 0;
        };
    }

    /** The tab name of this view's type: lifecycle, statistics, errors. */
    public String tab() {
        return switch (type) {
            case LIFECYCLE -> "lifecycle";
            case STATISTICS -> "statistics";
            case ERROR -> "errors";
        };
    }

    /** Sum of a counter over the rows shown. */
    public long total(String key) {
        return rows.stream().mapToLong(r -> r.count(key)).sum();
    }
}
