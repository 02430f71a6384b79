package io.tributary.cluster;

import java.util.List;

/**
 * What a node reports about itself in each heartbeat.
 *
 * @param ready              its readiness probe passes
 * @param failedIntegrations integrations FAILED or PENDING a retry on it
 * @param connections        MQTT clients connected to it
 * @param integrations       the integrations it runs, with their state and counters
 */
public record NodeHealth(boolean ready, int failedIntegrations, long connections, List<NodeIntegration> integrations) {
    /** Before the node could say anything (start-up). */
    public static final NodeHealth STARTING = new NodeHealth(false, 0, 0, List.of());

    public NodeHealth {
        integrations = List.copyOf(integrations);
    }
}
