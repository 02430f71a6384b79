package io.tributary.kafka.record;

import java.util.Map;

/**
 * What a record needs to know about the integration: fixed while it runs.
 *
 * @param integrationName name chosen by the operator, for {@code ${integrationName}} and the JSON metadata
 * @param metadata        the integration's metadata map, for {@code ${metadata.NAME}} and the JSON metadata
 * @param executorNodeId  node executing the integration, the JSON record's {@code tbmqIeNode}
 */
public record RecordContext(String integrationName, Map<String, String> metadata, String executorNodeId) {
    public RecordContext {
        integrationName = integrationName == null ? "" : integrationName;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        executorNodeId = executorNodeId == null ? "" : executorNodeId;
    }
}
