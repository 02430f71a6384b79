package io.tributary.admin;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson3;
import io.tributary.admin.auth.AdminCredentials;
import io.tributary.admin.auth.BasicAuthFilter;
import io.tributary.admin.integrations.IntegrationEventsController;
import io.tributary.admin.integrations.IntegrationsController;
import io.tributary.admin.plugins.PluginsController;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.events.EventSink;
import io.tributary.integration.runtime.IntegrationRuntime;
import io.tributary.plugin.host.PluginCatalog;

/**
 * The admin HTTP server: the JSON REST API under {@code /api}, every route behind the admin's
 * HTTP Basic credentials. Request bodies are never logged (they may hold secrets).
 *
 * <pre>{@code
 * AdminServer admin = new AdminServer(service, catalog, eventSink, runtime, credentials).start(8083, "0.0.0.0");
 * ...
 * admin.stop();
 * }</pre>
 */
public final class AdminServer implements AutoCloseable {
    /** Port the admin listens on unless configured otherwise. */
    public static final int DEFAULT_PORT = 8083;

    private final IntegrationsController integrations;
    private final IntegrationEventsController integrationEvents;
    private final PluginsController plugins;
    private final BasicAuthFilter auth;
    private Javalin app;

    public AdminServer(IntegrationService service, PluginCatalog catalog, EventSink events, IntegrationRuntime runtime,
                       AdminCredentials credentials) {
        this.integrations = new IntegrationsController(service, runtime);
        this.integrationEvents = new IntegrationEventsController(service, events);
        this.plugins = new PluginsController(catalog);
        this.auth = new BasicAuthFilter(credentials);
    }

    /**
     * Starts listening.
     *
     * @param port TCP port, 0 for a free one (see {@link #port()})
     * @param bind address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
     */
    public synchronized AdminServer start(int port, String bind) {
        if (app != null) {
            throw new IllegalStateException("Admin server already started");
        }
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson3(AdminJson.MAPPER, false));
            cfg.routes.before("/api/*", auth);
            integrations.register(cfg.routes);
            integrationEvents.register(cfg.routes);
            plugins.register(cfg.routes);
            ApiErrors.register(cfg.routes);
        });
        app.start(bind, port);
        return this;
    }

    /** The port actually bound. */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("Admin server not started");
        }
        return app.port();
    }

    public synchronized void stop() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
