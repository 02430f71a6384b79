package io.tributary.admin.ui.cluster;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.cluster.ClusterView;
import io.tributary.admin.ui.Templates;
import io.tributary.admin.ui.Ui;
import io.tributary.cluster.NodeRegistry;

import java.util.Map;

/**
 * The Cluster page ({@code /cluster}): every node sharing the store with its roles, health and
 * last heartbeat, and which node runs which integration. htmx replaces the live part every
 * {@value #REFRESH_SECONDS} seconds from {@code /cluster/live}; a node that is stopped or down can
 * be forgotten.
 */
public final class ClusterPage {
    /** How often the page asks for the nodes again. */
    public static final int REFRESH_SECONDS = 3;

    private final NodeRegistry registry;
    private final Templates templates;
    private final Ui ui;

    public ClusterPage(NodeRegistry registry, Templates templates, Ui ui) {
        this.registry = registry;
        this.templates = templates;
        this.ui = ui;
    }

    public void register(RoutesConfig routes) {
        routes.get("/cluster", this::page);
        routes.get("/cluster/live", this::live);
        routes.post("/cluster/nodes/{nodeId}/remove", this::remove);
    }

    private void page(Context ctx) {
        templates.html(ctx, "cluster/cluster.jte", Map.of(
                "chrome", ui.chrome(ctx, "Cluster", "cluster"),
                "view", ClusterView.of(registry),
                "csrf", Ui.session(ctx).csrfToken()));
    }

    private void live(Context ctx) {
        templates.html(ctx, "cluster/live.jte", Map.of("view", ClusterView.of(registry),
                "csrf", Ui.session(ctx).csrfToken()));
    }

    private void remove(Context ctx) {
        String nodeId = ctx.pathParam("nodeId");
        String notice;
        try {
            notice = registry.remove(nodeId) ? "Node " + nodeId + " removed from the list" : "No node " + nodeId;
        } catch (IllegalStateException e) {
            notice = e.getMessage();
        }
        Ui.redirect(ctx, "/cluster", notice);
    }
}
