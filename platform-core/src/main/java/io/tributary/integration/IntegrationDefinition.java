package io.tributary.integration;

import java.util.List;
import java.util.Map;

/**
 * An integration as stored and exchanged over the API; the JSON shape of a TBMQ integration
 * export, so exports import unchanged.
 *
 * @param id             UUID string
 * @param name           unique name, at most 255 characters
 * @param type           integration type id of an installed plugin, e.g. {@code KAFKA}
 * @param enabled        whether it should run
 * @param configuration  topic filters, plugin configuration and metadata
 * @param additionalInfo description
 * @param createdTime    epoch millis
 */
public record IntegrationDefinition(String id, String name, String type, boolean enabled,
                                    Configuration configuration, AdditionalInfo additionalInfo, long createdTime) {

    /**
     * @param topicFilters        MQTT topic filters the integration subscribes to
     * @param clientConfiguration plugin fields as plain JSON values (String, Long, Boolean, List, Map)
     * @param metadata            operator-defined key/values merged into records
     * @param sendClientEvents    also send client lifecycle events (CONNECTED, DISCONNECTED, ...) to it
     */
    public record Configuration(List<String> topicFilters, Map<String, Object> clientConfiguration,
                                Map<String, String> metadata, boolean sendClientEvents) {

        /** Without client events. */
        public Configuration(List<String> topicFilters, Map<String, Object> clientConfiguration,
                             Map<String, String> metadata) {
            this(topicFilters, clientConfiguration, metadata, false);
        }

        /** The same configuration with other plugin fields. */
        public Configuration withClientConfiguration(Map<String, Object> client) {
            return new Configuration(topicFilters, client, metadata, sendClientEvents);
        }
    }

    /** @param description free text */
    public record AdditionalInfo(String description) {
    }
}
