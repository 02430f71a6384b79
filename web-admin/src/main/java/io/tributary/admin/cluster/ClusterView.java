package io.tributary.admin.cluster;

import io.tributary.cluster.ClusterNode;
import io.tributary.cluster.NodeIntegration;
import io.tributary.cluster.NodeRegistry;
import io.tributary.cluster.NodeRow;
import io.tributary.cluster.NodeStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole cluster as any node sees it from the shared store ({@code GET /api/cluster} and the
 * Cluster page): every node with its roles, health and last heartbeat, and every integration with
 * the nodes that run it and its counters summed over the nodes that are up.
 *
 * @param self        the node answering
 * @param time        when this view was read (epoch millis)
 * @param heartbeatMs how often nodes write their heartbeat
 * @param downAfterMs silence after which a node is shown down
 */
public record ClusterView(String self, long time, long heartbeatMs, long downAfterMs, Totals totals,
                          List<Node> nodes, List<Integration> integrations) {

    /** Nodes by status, and connections on the nodes that are up. */
    public record Totals(int nodes, int up, int down, int stopped, long connections) {
    }

    /**
     * One node.
     *
     * @param status        up, stopped or down
     * @param lastSeenAgoMs time since its last heartbeat, by this node's clock
     */
    public record Node(String nodeId, boolean self, String status, List<String> roles, String version,
                       String adminUrl, List<String> mqttListeners, long startedAt, long lastSeen, long lastSeenAgoMs,
                       long stoppedAt, boolean ready, int failedIntegrations, long connections,
                       List<NodeIntegration> integrations) {
    }

    /**
     * Where an integration runs, and in which state there.
     *
     * @param partitions the shared log partitions that node reads for it now; empty with a local log
     */
    public record Placement(String nodeId, String state, String reason, List<Integer> partitions) {
    }

    /** One integration over the nodes that are up: counters summed (each node counts what it handled). */
    public record Integration(String id, String name, String type, List<Placement> nodes, long matched,
                              long delivered, long failed, long queued) {
    }

    /** Reads every node's row now. */
    public static ClusterView of(NodeRegistry registry) {
        long now = System.currentTimeMillis();
        List<Node> nodes = new ArrayList<>();
        Map<String, Integration> merged = new LinkedHashMap<>();
        int up = 0;
        int down = 0;
        int stopped = 0;
        long connections = 0;
        for (ClusterNode n : registry.nodes()) {
            NodeRow r = n.row();
            NodeStatus status = n.status();
            switch (status) {
                case UP -> up++;
                case DOWN -> down++;
                case STOPPED -> stopped++;
            }
            boolean running = status == NodeStatus.UP;
            if (running) {
                connections += r.health().connections();
                for (NodeIntegration i : r.health().integrations()) {
                    merged.merge(i.id(), single(r.nodeId(), i), ClusterView::sum);
                }
            }
            nodes.add(new Node(r.nodeId(), n.self(), status.label(), r.roles(), r.version(), r.endpoints().adminUrl(),
                    r.endpoints().mqttListeners(), r.startedAt(), r.lastSeen(), Math.max(0, now - r.lastSeen()),
                    r.stoppedAt(), running && r.health().ready(), r.health().failedIntegrations(),
                    running ? r.health().connections() : 0, running ? r.health().integrations() : List.of()));
        }
        NodeRegistry.Settings s = registry.settings();
        long heartbeat = s.heartbeat().toMillis();
        return new ClusterView(registry.nodeId(), now, heartbeat, heartbeat * s.downAfterHeartbeats(),
                new Totals(nodes.size(), up, down, stopped, connections), nodes, List.copyOf(merged.values()));
    }

    private static Integration single(String nodeId, NodeIntegration i) {
        Placement where = new Placement(nodeId, i.state(), i.reason(), i.partitions());
        return new Integration(i.id(), i.name(), i.type(), List.of(where),
                i.matched(), i.delivered(), i.failed(), i.queued());
    }

    private static Integration sum(Integration a, Integration b) {
        List<Placement> nodes = new ArrayList<>(a.nodes());
        nodes.addAll(b.nodes());
        return new Integration(a.id(), a.name(), a.type(), List.copyOf(nodes), a.matched() + b.matched(),
                a.delivered() + b.delivered(), a.failed() + b.failed(), a.queued() + b.queued());
    }

    /** The node {@code id}, or {@code null}. */
    public Node node(String id) {
        return nodes.stream().filter(n -> n.nodeId().equals(id)).findFirst().orElse(null);
    }
}
