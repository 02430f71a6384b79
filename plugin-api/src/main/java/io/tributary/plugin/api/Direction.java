package io.tributary.plugin.api;

/**
 * Which way messages flow through an integration type.
 *
 * @since 0.2
 */
public enum Direction {
    /**
     * MQTT to an external system: the integration has topic filters and the platform calls
     * {@link io.tributary.plugin.api.runtime.Integration#process} with each matching message.
     */
    SINK,
    /**
     * An external system to MQTT: the integration publishes into the broker through
     * {@link io.tributary.plugin.api.runtime.IntegrationContext#publisher()}. It has no topic
     * filters, the broker never routes messages to it and {@code process} is never called.
     */
    SOURCE
}
