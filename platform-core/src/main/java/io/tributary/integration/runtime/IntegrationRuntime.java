package io.tributary.integration.runtime;

import io.tributary.integration.IntegrationDefinition;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.host.InstalledType;

/**
 * Runs integrations: subscribes their topic filters in the broker, queues matching messages,
 * calls the plugin, retries failures and counts statistics. Calls return at once; starting
 * happens in the background (status PENDING, then ACTIVE or FAILED).
 */
public interface IntegrationRuntime {
    /** Starts, or restarts with a new definition, an enabled integration. */
    void deploy(IntegrationDefinition definition, InstalledType type, Config config);

    /** Stops it and removes its subscriptions; messages still queued are abandoned (counted). */
    void undeploy(String integrationId, String reason);

    /** Records that it cannot run (e.g. plugin not installed): status FAILED with the reason. */
    void markFailed(String integrationId, String reason);

    /** DISABLED for an integration that is not deployed and not failed. */
    StatusView status(String integrationId);

    StatisticsSnapshot statistics(String integrationId);
}
