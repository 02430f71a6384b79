package io.tributary.kafka;

import io.tributary.plugin.api.runtime.EventReporter;
import io.tributary.plugin.api.runtime.IntegrationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;

/** The platform's side of a running integration, as the seed's walkthrough names things. */
public record TestContext(String integrationId, String integrationName, Map<String, String> metadata,
                          String brokerNodeId, String executorNodeId, RecordingEvents recorder)
        implements IntegrationContext {
    public static final String BROKER_NODE = "tbmq_node";
    public static final String EXECUTOR_NODE = "tbmq_ie_node";
    public static final String NAME = "Kafka integration";

    public static TestContext of(Map<String, String> metadata) {
        return new TestContext(UUID.randomUUID().toString(), NAME, metadata, BROKER_NODE, EXECUTOR_NODE,
                new RecordingEvents());
    }

    @Override
    public Logger logger() {
        return LoggerFactory.getLogger("integration." + integrationId);
    }

    @Override
    public EventReporter events() {
        return recorder;
    }
}
