package io.tributary.admin.plugins;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.tributary.plugin.deploy.PluginManagerService;
import io.tributary.plugin.deploy.UnknownPluginException;
import io.tributary.plugin.host.PluginRejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Plugin management for the admin: {@code POST /api/plugins} (multipart, part {@code file}),
 * {@code DELETE /api/plugins/{id}}, {@code POST /api/plugins/{id}/enable|disable}. Every archive
 * is checked before anything changes; a refusal answers 400 (409 for a duplicate) with the reason.
 */
public final class PluginManagementController {
    /** Largest plugin archive accepted (the Kafka plugin with its libraries is about 20 MiB). */
    public static final long MAX_UPLOAD_BYTES = 200L * 1024 * 1024;

    private final PluginManagerService manager;

    public PluginManagementController(PluginManagerService manager) {
        this.manager = manager;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/plugins", this::upload);
        routes.delete("/api/plugins/{id}", ctx -> {
            manager.delete(ctx.pathParam("id"));
            ctx.status(204);
        });
        routes.post("/api/plugins/{id}/enable", ctx -> ctx.json(manager.enable(ctx.pathParam("id"))));
        routes.post("/api/plugins/{id}/disable", ctx -> ctx.json(manager.disable(ctx.pathParam("id"))));
        routes.exception(PluginRejectedException.class, (e, ctx) -> ctx.status(status(e)).json(Map.of(
                "errors", List.of(Map.of("field", "file", "message", e.getMessage())),
                "reason", e.reason().name())));
        routes.exception(UnknownPluginException.class, (e, ctx) -> ctx.status(404).json(Map.of(
                "errors", List.of(Map.of("field", "id", "message", e.getMessage())))));
    }

    private void upload(Context ctx) throws IOException {
        UploadedFile file = ctx.uploadedFile("file");
        if (file == null) {
            ctx.status(400).json(Map.of("errors", List.of(Map.of("field", "file",
                    "message", "upload the plugin archive as multipart part 'file'"))));
            return;
        }
        if (file.size() > MAX_UPLOAD_BYTES) {
            ctx.status(413).json(Map.of("errors", List.of(Map.of("field", "file",
                    "message", "plugin archive is larger than " + MAX_UPLOAD_BYTES / (1024 * 1024) + " MiB"))));
            return;
        }
        try (InputStream in = file.content()) {
            ctx.status(201).json(manager.install(in, file.filename()));
        }
    }

    private static int status(PluginRejectedException e) {
        return switch (e.reason()) {
            case DUPLICATE_PLUGIN, DUPLICATE_TYPE -> 409;
            default -> 400;
        };
    }
}
