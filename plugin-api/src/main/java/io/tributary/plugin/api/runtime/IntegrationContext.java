package io.tributary.plugin.api.runtime;

import org.slf4j.Logger;

import java.util.Map;

/**
 * Who the integration is and where it runs. Implemented by the platform.
 *
 * @since 0.1
 */
public interface IntegrationContext {
    /** Integration id (a UUID string). */
    String integrationId();

    /** Integration name chosen by the operator. */
    String integrationName();

    /** The integration's metadata map, read-only. */
    Map<String, String> metadata();

    /** Id of the broker node that receives MQTT messages. */
    String brokerNodeId();

    /** Id of the node executing integrations (the same process today). */
    String executorNodeId();

    /** Logger named after the integration; never log secrets. */
    Logger logger();

    /** Reports errors and connectivity for the integration's Events and status. */
    EventReporter events();
}
