package io.tributary.plugin.api.check;

import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.message.IntegrationMessage;

import java.time.Duration;
import java.util.Map;

/**
 * What {@link io.tributary.plugin.api.IntegrationPlugin#check} gets.
 *
 * @since 0.1
 */
public interface CheckInput {
    /** The configuration to check, validated, secrets in clear. */
    Config config();

    /** Name of the integration (new or existing). */
    String integrationName();

    /** The integration's metadata map. */
    Map<String, String> metadata();

    /** A sample MQTT message: show the record it would produce. */
    IntegrationMessage sampleMessage();

    /** Time budget for the whole check; the platform answers the operator after it. */
    Duration timeout();
}
