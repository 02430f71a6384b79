package io.tributary.admin.cluster;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.cluster.NodeRegistry;

import java.util.Map;

/**
 * {@code GET /api/cluster}: every node sharing the store, from any node ({@link ClusterView});
 * {@code DELETE /api/cluster/nodes/{nodeId}} forgets one that is stopped or down (409 while it
 * is up, 404 for an unknown one).
 */
public final class ClusterController {
    private final NodeRegistry registry;

    public ClusterController(NodeRegistry registry) {
        this.registry = registry;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/cluster", ctx -> ctx.json(ClusterView.of(registry)));
        routes.delete("/api/cluster/nodes/{nodeId}", this::remove);
    }

    private void remove(Context ctx) {
        String nodeId = ctx.pathParam("nodeId");
        boolean removed;
        try {
            removed = registry.remove(nodeId);
        } catch (IllegalStateException e) {
            ctx.status(409).json(Map.of("message", e.getMessage()));
            return;
        }
        if (removed) {
            ctx.status(204);
        } else {
            ctx.status(404).json(Map.of("message", "No node " + nodeId));
        }
    }
}
