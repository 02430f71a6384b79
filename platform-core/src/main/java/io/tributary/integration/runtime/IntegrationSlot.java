package io.tributary.integration.runtime;

import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationStatus;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.host.InstalledType;

import java.util.concurrent.ScheduledFuture;

/**
 * Everything the runtime keeps for one integration id across restarts: queue, counters,
 * status, and the plugin instance currently running (replaced on update or restart).
 * Fields are guarded by the slot's monitor.
 */
final class IntegrationSlot {
    final String id;
    final IntegrationStats stats = new IntegrationStats();
    final Admission admission;
    IntegrationDefinition definition;
    InstalledType type;
    Config config;
    IntegrationStatus status = IntegrationStatus.PENDING;
    String reason;
    PluginInstance instance;
    DeliveryLoop loop;
    /** Bumped by every deploy/undeploy: a start task of an older generation gives up. */
    long generation;
    int restartAttempt;
    ScheduledFuture<?> restartTask;

    IntegrationSlot(String id, int queueCapacity) {
        this.id = id;
        this.admission = new Admission(new MemoryIntegrationQueue(queueCapacity), stats);
    }

    synchronized StatusView statusView() {
        PluginContext ctx = instance == null ? null : instance.context();
        return new StatusView(status, reason, ctx == null ? null : ctx.connected(),
                ctx == null ? null : ctx.connectivityDetail());
    }

    String name() {
        return definition == null ? id : definition.name();
    }

    void cancelRestart() {
        if (restartTask != null) {
            restartTask.cancel(false);
            restartTask = null;
        }
    }
}
