package io.tributary.admin.dashboard;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.runtime.IntegrationRuntime;
import io.tributary.integration.runtime.StatisticsSnapshot;
import io.tributary.integration.runtime.StatusView;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the dashboard's per-integration figures come from: status and counters from the runtime,
 * held publishers from the {@code tributary.integration.held.publishers} gauge (tag
 * {@code integration} = name) while the runtime's snapshot does not carry them. The one place to
 * change when the source moves.
 */
final class IntegrationFigures {
    private final IntegrationService service;
    private final IntegrationRuntime runtime;
    private final MeterRegistry registry;

    IntegrationFigures(IntegrationService service, IntegrationRuntime runtime, MeterRegistry registry) {
        this.service = service;
        this.runtime = runtime;
        this.registry = registry;
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
                stats.inFlight(), stats.held(), heldPublishers(d), stats.fullSince());
    }

    private Long heldPublishers(IntegrationDefinition d) {
        Long byName = BrokerFigures.sum(registry, MeterNames.HELD_PUBLISHERS, "integration", d.name());
        return byName != null ? byName : BrokerFigures.sum(registry, MeterNames.HELD_PUBLISHERS, "integration", d.id());
    }
}
