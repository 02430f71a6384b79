package io.tributary.admin.dashboard;

import java.util.Map;

/**
 * The broker's and the integrations' totals at one moment: rates are differences between two.
 *
 * @param time         epoch millis
 * @param integrations by integration id
 */
record Sample(long time, BrokerTotals broker, Map<String, IntegrationFigure> integrations) {
}
