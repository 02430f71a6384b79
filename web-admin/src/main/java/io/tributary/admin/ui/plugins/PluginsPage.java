package io.tributary.admin.ui.plugins;

import io.javalin.config.RoutesConfig;
import io.tributary.admin.plugins.IntegrationTypeView;
import io.tributary.admin.ui.Templates;
import io.tributary.admin.ui.Ui;
import io.tributary.plugin.host.PluginCatalog;

import java.util.Map;

/** The plugins page ({@code /plugins}): installed plugins, version, state and the types they provide. */
public final class PluginsPage {
    private final PluginCatalog catalog;
    private final Templates templates;
    private final Ui ui;

    public PluginsPage(PluginCatalog catalog, Templates templates, Ui ui) {
        this.catalog = catalog;
        this.templates = templates;
        this.ui = ui;
    }

    public void register(RoutesConfig routes) {
        routes.get("/plugins", ctx -> templates.html(ctx, "plugins/list.jte", Map.of(
                "chrome", ui.chrome(ctx, "Plugins", "plugins"),
                "plugins", catalog.plugins(),
                "types", catalog.types().stream().map(IntegrationTypeView::of).toList())));
    }
}
