package io.tributary.integration.runtime;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.host.InstalledType;

/**
 * Runs integrations. Every integration that exists has a log and is subscribed to its topic
 * filters, whether it runs, is disabled, failed or lacks its plugin: matching messages
 * accumulate in its log (up to its bounds, then publishers are held) until it runs again. Only
 * {@link #delete} discards the log. Calls return at once; starting happens in the background
 * (status PENDING, then ACTIVE or FAILED).
 */
public interface IntegrationRuntime {
    /** Opens the integration's log and subscribes (or re-subscribes, atomically) its topic filters. */
    void open(IntegrationDefinition definition);

    /** Opens it if needed, then starts, or restarts with a new definition, its plugin. */
    void deploy(IntegrationDefinition definition, InstalledType type, Config config);

    /** Stops its plugin (deliveries in flight get to finish); the log keeps accumulating. Status DISABLED. */
    void stop(String integrationId, String reason);

    /** Records that it cannot run (e.g. plugin not installed): opens it if needed, status FAILED with the reason. */
    void markFailed(IntegrationDefinition definition, String reason);

    /** Stops it, unsubscribes it and discards its log and dead letters; returns the messages discarded. */
    long delete(String integrationId);

    /**
     * Puts a message back into the integration's log (dead letter replay); returns once it is stored.
     *
     * @return false when the log is full or the integration does not exist
     */
    boolean requeue(String integrationId, BrokerMessage message);

    /** DISABLED for an integration that is not open. */
    StatusView status(String integrationId);

    StatisticsSnapshot statistics(String integrationId);
}
