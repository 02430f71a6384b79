package io.tributary.admin.plugins;

import io.javalin.config.RoutesConfig;
import io.tributary.integration.schema.ConfigSchemas;
import io.tributary.plugin.host.InstalledType;
import io.tributary.plugin.host.PluginCatalog;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /api/plugins} and {@code GET /api/integration-types} (each type with its JSON Schema). */
public final class PluginsController {
    private final PluginCatalog catalog;

    public PluginsController(PluginCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * An installed integration type as the API shows it.
     *
     * @param schema JSON Schema 2020-12 of its configuration form, with {@code x-} UI hints
     */
    record TypeView(String type, String displayName, String description, String version, String pluginId,
                    ObjectNode schema) {
        static TypeView of(InstalledType t) {
            return new TypeView(t.type(), t.displayName(), t.description(), t.version(), t.pluginId(),
                    ConfigSchemas.toJsonSchema(t.schema()));
        }
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/plugins", ctx -> ctx.json(catalog.plugins()));
        routes.get("/api/integration-types", ctx -> ctx.json(catalog.types().stream().map(TypeView::of).toList()));
    }
}
