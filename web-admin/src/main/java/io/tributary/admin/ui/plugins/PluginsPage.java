package io.tributary.admin.ui.plugins;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.tributary.admin.plugins.IntegrationTypeView;
import io.tributary.admin.ui.Templates;
import io.tributary.admin.ui.Ui;
import io.tributary.plugin.deploy.PluginManagerService;
import io.tributary.plugin.deploy.UnknownPluginException;
import io.tributary.plugin.host.InstalledPlugin;
import io.tributary.plugin.host.PluginCatalog;
import io.tributary.plugin.host.PluginRejectedException;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugins page ({@code /plugins}): installed plugins, version, state and the types they
 * provide; with plugin management on, upload, enable, disable and delete.
 */
public final class PluginsPage {
    private final PluginCatalog catalog;
    private final PluginManagerService manager;
    private final Templates templates;
    private final Ui ui;

    /** @param manager plugin management, or {@code null} for a read-only page */
    public PluginsPage(PluginCatalog catalog, PluginManagerService manager, Templates templates, Ui ui) {
        this.catalog = catalog;
        this.manager = manager;
        this.templates = templates;
        this.ui = ui;
    }

    public void register(RoutesConfig routes) {
        routes.get("/plugins", ctx -> render(ctx, null));
        if (manager == null) {
            return;
        }
        routes.post("/plugins/upload", this::upload);
        routes.post("/plugins/{id}/enable", ctx -> act(ctx, () -> manager.enable(ctx.pathParam("id")), "enabled"));
        routes.post("/plugins/{id}/disable", ctx -> act(ctx, () -> manager.disable(ctx.pathParam("id")), "disabled"));
        routes.post("/plugins/{id}/delete", ctx -> act(ctx, () -> manager.delete(ctx.pathParam("id")), "deleted"));
    }

    private void render(Context ctx, String error) {
        List<InstalledPlugin> plugins = manager != null ? manager.plugins() : catalog.plugins();
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", ui.chrome(ctx, "Plugins", "plugins"));
        model.put("plugins", plugins);
        model.put("types", catalog.types().stream().map(IntegrationTypeView::of).toList());
        model.put("manageable", manager != null);
        model.put("error", error);
        if (error != null) {
            ctx.status(400);
        }
        templates.html(ctx, "plugins/list.jte", model);
    }

    private void upload(Context ctx) throws Exception {
        UploadedFile file = ctx.uploadedFile("file");
        if (file == null || file.filename() == null || file.filename().isBlank()) {
            render(ctx, "Choose a plugin archive (.zip or .jar) to upload.");
            return;
        }
        try (InputStream in = file.content()) {
            InstalledPlugin installed = manager.install(in, file.filename());
            Ui.redirect(ctx, "/plugins", "Plugin '" + installed.id() + "' " + installed.version() + " installed.");
        } catch (PluginRejectedException e) {
            render(ctx, "Plugin refused: " + e.getMessage());
        }
    }

    private void act(Context ctx, Runnable action, String done) {
        String id = ctx.pathParam("id");
        try {
            action.run();
            Ui.redirect(ctx, "/plugins", "Plugin '" + id + "' " + done + ".");
        } catch (PluginRejectedException | UnknownPluginException e) {
            render(ctx, e.getMessage());
        }
    }
}
