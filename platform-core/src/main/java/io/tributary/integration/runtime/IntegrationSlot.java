package io.tributary.integration.runtime;

import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationStatus;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.host.InstalledType;

import java.util.concurrent.ScheduledFuture;

/**
 * Everything the runtime keeps for one integration from creation to deletion: its channel
 * (log), counters, status, and the plugin instance currently running (replaced on update or
 * restart, absent while disabled or failed). Fields are guarded by the slot's monitor.
 */
final class IntegrationSlot {
    final String id;
    final IntegrationStats stats;
    final IntegrationChannel channel;
    IntegrationDefinition definition;
    InstalledType type;
    /** The type publishes into the broker (no routes, no deliveries to it). */
    boolean source;
    Config config;
    IntegrationStatus status = IntegrationStatus.DISABLED;
    String reason;
    PluginInstance instance;
    DeliveryLoop loop;
    /** Bumped by every deploy/stop: a start task of an older generation gives up. */
    long generation;
    int restartAttempt;
    ScheduledFuture<?> restartTask;
    /** Its meters; set once after construction. */
    IntegrationMeters meters;

    IntegrationSlot(String id, IntegrationStats stats, IntegrationChannel channel) {
        this.id = id;
        this.stats = stats;
        this.channel = channel;
    }

    synchronized StatusView statusView() {
        PluginContext ctx = instance == null ? null : instance.context();
        return new StatusView(status, reason, ctx == null ? null : ctx.connected(),
                ctx == null ? null : ctx.connectivityDetail());
    }

    synchronized IntegrationStatus status() {
        return status;
    }

    synchronized String name() {
        return definition == null ? id : definition.name();
    }

    void cancelRestart() {
        if (restartTask != null) {
            restartTask.cancel(false);
            restartTask = null;
        }
    }
}
