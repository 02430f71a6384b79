package io.tributary.admin.dashboard;

import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.runtime.IntegrationRuntime;
import io.tributary.integration.runtime.StatisticsSnapshot;
import io.tributary.integration.runtime.StatusView;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the dashboard's per-integration figures come from: status and the counters of the
 * runtime's statistics snapshot, the same counters the integration meters and the REST
 * statistics read. The one place to change when the source moves.
 */
final class IntegrationFigures {
    private final IntegrationService service;
    private final IntegrationRuntime runtime;

    IntegrationFigures(IntegrationService service, IntegrationRuntime runtime) {
        this.service = service;
        this.runtime = runtime;
    }

    /** Every integration, in the service's order. */
    List<IntegrationFigure> read() {
        List<IntegrationDefinition> all = service.list();
        List<IntegrationFigure> out = new ArrayList<>(all.size());
        for (IntegrationDefinition d : all) {
            out.add(read(d));
        }
        return out;
    }

    private IntegrationFigure read(IntegrationDefinition d) {
        StatusView s = runtime.status(d.id());
        StatusView status = s == null ? StatusView.DISABLED : s;
        StatisticsSnapshot st = runtime.statistics(d.id());
        StatisticsSnapshot stats = st == null ? StatisticsSnapshot.EMPTY : st;
        String reason = status.reason() != null ? status.reason()
                : Boolean.FALSE.equals(status.connected()) ? status.connectivityDetail() : null;
        return new IntegrationFigure(d.id(), d.name(), d.type(), status.status(), reason, stats.matched(),
                stats.succeeded(), stats.failed(), stats.dropped(), stats.queued(), stats.queuedBytes(),
                stats.inFlight(), stats.held(), stats.heldPublishers(), stats.fullSince());
    }

}
