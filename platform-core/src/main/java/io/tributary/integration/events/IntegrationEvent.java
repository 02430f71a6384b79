package io.tributary.integration.events;

import java.util.Map;

/**
 * One recorded event of an integration.
 *
 * @param id            store id (0 before it is stored)
 * @param integrationId integration it belongs to
 * @param type          LIFECYCLE, STATISTICS or ERROR
 * @param event         for LIFECYCLE: CREATED, UPDATED, STARTED, STOPPED, FAILED, DELETED; for
 *                      STATISTICS: STATS; for ERROR: a short kind such as PROCESS or PLUGIN
 * @param time          epoch millis
 * @param body          details as plain JSON values (reason, counters, error text, topic, clientId)
 */
public record IntegrationEvent(long id, String integrationId, EventType type, String event, long time,
                               Map<String, Object> body) {
}
