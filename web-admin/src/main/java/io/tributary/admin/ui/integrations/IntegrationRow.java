package io.tributary.admin.ui.integrations;

import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationStatus;
import io.tributary.integration.runtime.IntegrationRuntime;
import io.tributary.integration.runtime.StatisticsSnapshot;
import io.tributary.integration.runtime.StatusView;

import java.util.List;
import java.util.Locale;

/**
 * One integration as the integrations table and the details header show it.
 *
 * @param typeName    display name of its type (the type id when the plugin is missing)
 * @param errors      failed delivery attempts since it started
 * @param queued      messages in its log not yet delivered (plus publishes held while it is full)
 * @param deadLetters dead letters it holds now
 */
public record IntegrationRow(String id, String name, String type, String typeName, boolean enabled,
                             IntegrationStatus status, String reason, List<String> topicFilters,
                             long messagesPerMinute, long errors, long processed, long queued, long deadLetters) {

    static IntegrationRow of(IntegrationDefinition d, String typeName, IntegrationRuntime runtime, long deadLetters) {
        StatusView s = runtime.status(d.id());
        StatusView status = s == null ? StatusView.DISABLED : s;
        StatisticsSnapshot st = runtime.statistics(d.id());
        StatisticsSnapshot stats = st == null ? StatisticsSnapshot.EMPTY : st;
        String reason = status.reason() != null ? status.reason()
                : Boolean.FALSE.equals(status.connected()) ? status.connectivityDetail() : null;
        return new IntegrationRow(d.id(), d.name(), d.type(), typeName, d.enabled(), status.status(), reason,
                d.configuration().topicFilters() == null ? List.of() : d.configuration().topicFilters(),
                stats.ratePerMinute(), stats.failed(), stats.succeeded(), stats.queued(), deadLetters);
    }

    /** "Active", "Failed"... */
    public String statusLabel() {
        String s = status.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** CSS modifier of the status badge. */
    public String statusClass() {
        return "status-" + status.name().toLowerCase(Locale.ROOT);
    }
}
