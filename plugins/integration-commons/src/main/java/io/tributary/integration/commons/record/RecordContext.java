package io.tributary.integration.commons.record;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a record needs to know about the integration: fixed while it runs.
 *
 * @param integrationName name chosen by the operator, for {@code ${integrationName}} and the JSON metadata
 * @param metadata        the integration's metadata map, for {@code ${metadata.NAME}} and the JSON metadata
 *                        (its order is kept)
 * @param executorNodeId  node executing the integration, the JSON record's {@code tbmqIeNode}
 */
public record RecordContext(String integrationName, Map<String, String> metadata, String executorNodeId) {
    public RecordContext {
        integrationName = integrationName == null ? "" : integrationName;
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        executorNodeId = executorNodeId == null ? "" : executorNodeId;
    }
}
