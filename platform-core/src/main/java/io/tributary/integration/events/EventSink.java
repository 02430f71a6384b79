package io.tributary.integration.events;

import java.util.List;

/** Where integration events go and come back from (the SQLite store, in production). */
public interface EventSink {
    void record(IntegrationEvent event);

    /**
     * Newest first.
     *
     * @param type   filter, or {@code null} for all
     * @param before only events with time &lt; before (paging), or {@code Long.MAX_VALUE}
     * @param from   only events with time &gt;= from, or 0
     * @param limit  maximum number returned
     */
    List<IntegrationEvent> list(String integrationId, EventType type, long from, long before, int limit);
}
