package io.tributary.admin.plugins;

import io.javalin.config.RoutesConfig;
import io.tributary.plugin.host.PluginCatalog;

/** {@code GET /api/plugins} and {@code GET /api/integration-types} (each type with its JSON Schema). */
public final class PluginsController {
    private final PluginCatalog catalog;

    public PluginsController(PluginCatalog catalog) {
        this.catalog = catalog;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/plugins", ctx -> ctx.json(catalog.plugins()));
        routes.get("/api/integration-types", ctx -> ctx.json(catalog.types().stream().map(IntegrationTypeView::of).toList()));
    }
}
