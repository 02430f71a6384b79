package io.tributary.cluster;

import java.util.List;

/**
 * A node's row in the shared store, as written by its last heartbeat.
 *
 * @param instance  random per process: tells a second process with the same node id from a restart
 * @param roles     {@code broker}, {@code executor}
 * @param startedAt when that process started (epoch millis)
 * @param lastSeen  its last heartbeat (epoch millis, its clock)
 * @param stoppedAt when it stopped cleanly, 0 while it runs (or when it did not stop cleanly)
 */
public record NodeRow(String nodeId, String instance, List<String> roles, String version, NodeEndpoints endpoints,
                      long startedAt, long lastSeen, long stoppedAt, NodeHealth health) {
    public NodeRow {
        roles = List.copyOf(roles);
    }

    /** Whether it is running, stopped cleanly or silent, judged at {@code now}. */
    public NodeStatus status(long now, long downAfterMillis) {
        if (stoppedAt > 0) {
            return NodeStatus.STOPPED;
        }
        return now - lastSeen > downAfterMillis ? NodeStatus.DOWN : NodeStatus.UP;
    }

    /** The same row with a fresh heartbeat. */
    NodeRow beat(long now, NodeEndpoints endpoints, NodeHealth health) {
        return new NodeRow(nodeId, instance, roles, version, endpoints, startedAt, now, 0, health);
    }
}
