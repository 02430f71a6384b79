package io.tributary.admin.ui.integrations;

import io.tributary.integration.events.EventSink;
import io.tributary.integration.events.EventType;
import io.tributary.integration.events.IntegrationEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The series of the statistics chart (uPlot's column format: times in seconds, then processed,
 * failed and dropped per statistics interval, oldest first) as JSON for the page script.
 */
final class StatisticsChart {
    private static final int MAX_POINTS = 1000;

    private StatisticsChart() {
    }

    static String json(EventSink events, String integrationId, long from) {
        List<IntegrationEvent> newestFirst = events.list(integrationId, EventType.STATISTICS, from, Long.MAX_VALUE,
                MAX_POINTS);
        List<IntegrationEvent> points = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(points);
        StringBuilder t = new StringBuilder();
        StringBuilder processed = new StringBuilder();
        StringBuilder failed = new StringBuilder();
        StringBuilder dropped = new StringBuilder();
        for (IntegrationEvent e : points) {
            EventsView.Row row = EventsView.row(e);
            sep(t).append(e.time() / 1000.0);
            sep(processed).append(row.count("processed"));
            sep(failed).append(row.count("failed"));
            sep(dropped).append(row.count("dropped"));
        }
        return "[[" + t + "],[" + processed + "],[" + failed + "],[" + dropped + "]]";
    }

    private static StringBuilder sep(StringBuilder b) {
        return b.isEmpty() ? b : b.append(',');
    }
}
