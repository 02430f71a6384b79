package io.tributary.admin;

import io.tributary.admin.cluster.ClusterController;
import io.tributary.cluster.NodeRegistry;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson3;
import io.tributary.admin.auth.AccessFilter;
import io.tributary.admin.auth.AdminCredentials;
import io.tributary.admin.auth.AdminSessions;
import io.tributary.admin.auth.LoginThrottle;
import io.tributary.admin.guard.CrossSiteGuard;
import io.tributary.admin.guard.RequestLimits;
import io.tributary.admin.check.CheckController;
import io.tributary.admin.dashboard.Dashboard;
import io.tributary.admin.dashboard.DashboardController;
import io.tributary.integration.check.ConnectionCheck;
import io.tributary.admin.deadletters.DeadLettersController;
import io.tributary.admin.health.ObservabilityController;
import io.tributary.admin.https.AdminHttps;
import io.tributary.health.HealthReport;
import io.tributary.admin.integrations.IntegrationEventsController;
import io.tributary.admin.integrations.IntegrationsController;
import io.tributary.admin.mqtt.MqttAclController;
import io.tributary.admin.mqtt.MqttUsersController;
import io.tributary.broker.acl.MqttAcl;
import io.tributary.broker.auth.MqttUsers;
import io.tributary.admin.plugins.PluginManagementController;
import io.tributary.admin.plugins.PluginsController;
import io.tributary.plugin.deploy.PluginManagerService;
import io.javalin.config.SizeUnit;
import io.tributary.admin.ui.AdminUi;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.deadletter.DeadLetterService;
import io.tributary.integration.events.EventSink;
import io.tributary.integration.runtime.IntegrationRuntime;
import io.tributary.metrics.PlatformMetrics;
import io.tributary.plugin.host.PluginCatalog;

import java.util.List;
import java.util.function.Supplier;

/**
 * The admin HTTP server: the JSON REST API under {@code /api} (HTTP Basic or a UI session) and
 * the admin UI (pages behind a login session). Request bodies are never logged (they may hold
 * secrets).
 *
 * <pre>{@code
 * AdminServer admin = new AdminServer(service, catalog, eventSink, runtime, deadLetters, credentials)
 *         .broker(8084, "/mqtt", "node-1")   // for the WebSocket client page and connection checks
 *         .start(8083, "0.0.0.0");
 * ...
 * admin.stop();
 * }</pre>
 */
public final class AdminServer implements AutoCloseable {
    /** Port the admin listens on unless configured otherwise. */
    public static final int DEFAULT_PORT = 8083;

    /** A registered route: HTTP method and path pattern (e.g. {@code GET /api/integrations/{id}}). */
    public record Route(String method, String path) {
    }

    private final IntegrationService service;
    private final PluginCatalog catalog;
    private final EventSink events;
    private final IntegrationRuntime runtime;
    private final DeadLetterService deadLetters;
    private final AdminCredentials credentials;
    private final IntegrationsController integrations;
    private final IntegrationEventsController integrationEvents;
    private final DeadLettersController deadLetterRoutes;
    private final PluginsController plugins;
    private PluginManagementController pluginManagement;
    private PluginManagerService pluginManager;
    private final AdminSessions sessions = new AdminSessions();
    private AdminHardening hardening = AdminHardening.defaults();
    private int wsPort = 8084;
    private int wssPort = -1;
    private String wsPath = "/mqtt";
    private String nodeId = "tributary";
    private ConnectionCheck connectionCheck;
    private MqttUsers mqttUsers;
    private MqttAcl mqttAcl;
    private AdminHttps https;
    private ObservabilityController observability;
    private boolean metricsAuth;
    private PlatformMetrics metrics;
    private Dashboard dashboard;
    private NodeRegistry cluster;
    private Javalin app;

    public AdminServer(IntegrationService service, PluginCatalog catalog, EventSink events, IntegrationRuntime runtime,
                       DeadLetterService deadLetters, AdminCredentials credentials) {
        this.service = service;
        this.catalog = catalog;
        this.events = events;
        this.runtime = runtime;
        this.deadLetters = deadLetters;
        this.credentials = credentials;
        this.integrations = new IntegrationsController(service, runtime, deadLetters);
        this.integrationEvents = new IntegrationEventsController(service, events);
        this.deadLetterRoutes = new DeadLettersController(service, deadLetters);
        this.plugins = new PluginsController(catalog);
    }

    /** Login throttling and request size limits (defaults: those of the configuration keys); call before {@link #start}. */
    public synchronized AdminServer hardening(AdminHardening limits) {
        this.hardening = limits;
        return this;
    }

    /** Enables upload, delete, enable and disable of plugins over the API; call before {@link #start}. */
    public synchronized AdminServer pluginManagement(PluginManagerService manager) {
        this.pluginManager = manager;
        this.pluginManagement = new PluginManagementController(manager);
        return this;
    }

    /** Enables MQTT users and ACL rules over the API and on the MQTT clients page; call before {@link #start}. */
    public synchronized AdminServer mqttAccess(MqttUsers users, MqttAcl acl) {
        this.mqttUsers = users;
        this.mqttAcl = acl;
        return this;
    }

    /**
     * The broker this admin belongs to: its MQTT-over-WebSocket port and path (the WebSocket
     * client page's default URL; -1 when off) and node id (sample messages of connection checks).
     */
    public synchronized AdminServer broker(int webSocketPort, String webSocketPath, String brokerNodeId) {
        this.wsPort = webSocketPort;
        this.wsPath = webSocketPath;
        this.nodeId = brokerNodeId;
        return this;
    }

    /**
     * The broker's MQTT-over-secure-WebSocket port (-1 when off): the WebSocket client page's
     * default URL when the page is served over HTTPS or plain WebSocket is off.
     */
    public synchronized AdminServer secureWebSocket(int port) {
        this.wssPort = port;
        return this;
    }

    /**
     * Serves {@code GET /metrics} ({@code scrape}), {@code /health/live} and {@code /health/ready}
     * ({@code readiness}); call before {@link #start}.
     *
     * @param metricsAuth {@code metrics.auth}: {@code /metrics} needs the admin login (else public);
     *                    the health probes are always public
     */
    public synchronized AdminServer observability(Supplier<String> scrape, Supplier<HealthReport> readiness,
                                                  boolean metricsAuth) {
        this.observability = new ObservabilityController(scrape, readiness);
        this.metricsAuth = metricsAuth;
        return this;
    }

    /**
     * Serves HTTPS instead of HTTP (on the port given to {@link #start}); call before {@link #start}.
     * The session and login cookies are then {@code Secure}.
     */
    public synchronized AdminServer https(AdminHttps tls) {
        this.https = tls;
        return this;
    }

    /**
     * The platform's meters, read by the dashboard (broker throughput, connections, held
     * publishers); without them those figures show "n/a". Call before {@link #start}.
     */
    public synchronized AdminServer metrics(PlatformMetrics platformMetrics) {
        this.metrics = platformMetrics;
        return this;
    }

    /** The nodes sharing the store: {@code GET /api/cluster} and the Cluster page. Call before {@link #start}. */
    public synchronized AdminServer cluster(NodeRegistry nodes) {
        this.cluster = nodes;
        return this;
    }

    /** {@code https} or {@code http}. */
    public synchronized String scheme() {
        return https != null ? "https" : "http";
    }

    /**
     * Loads and initialises the classes {@link #start} needs (Javalin, Jetty, Jackson), without
     * binding anything, so that a thread with nothing else to do can take that time off start-up.
     */
    public static void warmUp() {
        AdminJson.MAPPER.writeValueAsString(java.util.Map.of("warm", java.util.List.of(1, "up")));
        Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson3(AdminJson.MAPPER, false));
            cfg.staticFiles.enableWebjars();
            cfg.routes.get("/", ctx -> ctx.result("warm-up"));
        });
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
        connectionCheck = new ConnectionCheck(service, nodeId);
        LoginThrottle throttle = new LoginThrottle(hardening.loginMaxFailures(), hardening.loginLockout(),
                hardening.loginDelay());
        AccessFilter access = new AccessFilter(sessions, credentials, throttle, metricsAuth);
        RequestLimits limits = new RequestLimits(hardening.maxRequestBytes(),
                PluginManagementController.MAX_UPLOAD_BYTES + 65536);
        dashboard = new Dashboard(service, runtime, events, metrics == null ? null : metrics.registry());
        Dashboard figures = dashboard;
        AdminUi ui = new AdminUi(service, catalog, events, runtime, deadLetters, credentials, throttle, sessions,
                connectionCheck, wsPort, wsPath, pluginManager, figures);
        if (mqttUsers != null) {
            ui.mqttClients(mqttUsers, mqttAcl);
        }
        ui.secureWebSocketPort(wssPort);
        if (cluster != null) {
            ui.cluster(cluster);
        }
        NodeRegistry nodes = cluster;
        AdminHttps tls = https;
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            if (tls != null) {
                // the only connector: Javalin then adds no plain HTTP one
                cfg.jetty.addConnector((server, http) -> tls.connector(server, http, bind, port));
            }
            cfg.jsonMapper(new JavalinJackson3(AdminJson.MAPPER, false));
            cfg.staticFiles.enableWebjars();
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
            });
            cfg.http.maxRequestSize = Math.max(hardening.maxRequestBytes(), pluginManagement == null ? 0
                    : PluginManagementController.MAX_UPLOAD_BYTES + 65536); // per route: RequestLimits
            cfg.routes.before(limits); // before anything reads a body
            cfg.routes.before(access); // without credentials: 401 (or the login page), whatever else is wrong
            cfg.routes.before(new CrossSiteGuard()); // with credentials a browser sent by itself: refused
            if (observability != null) {
                observability.register(cfg.routes);
            }
            new CheckController(connectionCheck).register(cfg.routes); // before /api/integrations/{id}
            integrations.register(cfg.routes);
            new DashboardController(figures).register(cfg.routes);
            if (nodes != null) {
                new ClusterController(nodes).register(cfg.routes);
            }
            integrationEvents.register(cfg.routes);
            deadLetterRoutes.register(cfg.routes);
            plugins.register(cfg.routes);
            if (mqttUsers != null) {
                new MqttUsersController(mqttUsers).register(cfg.routes);
                new MqttAclController(mqttAcl).register(cfg.routes);
            }
            if (pluginManagement != null) {
                pluginManagement.register(cfg.routes);
                cfg.jetty.multipartConfig.maxFileSize(PluginManagementController.MAX_UPLOAD_BYTES, SizeUnit.BYTES);
                cfg.jetty.multipartConfig.maxTotalRequestSize(PluginManagementController.MAX_UPLOAD_BYTES + 65536,
                        SizeUnit.BYTES);
            }
            ui.register(cfg.routes);
            ApiErrors.register(cfg.routes, ui::errorPage);
        });
        if (tls != null) {
            app.start();
            tls.watch();
        } else {
            app.start(bind, port);
        }
        dashboard.start(); // samples once the server is up
        return this;
    }

    /** The port actually bound. */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("Admin server not started");
        }
        return app.port();
    }

    /** Every HTTP route registered (pages and API), from Javalin's route table. */
    public synchronized List<Route> routes() {
        if (app == null) {
            throw new IllegalStateException("Admin server not started");
        }
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(p -> p.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .map(e -> new Route(e.method.name(), e.path))
                .toList();
    }

    public synchronized void stop() {
        if (app != null) {
            app.stop();
            app = null;
        }
        if (dashboard != null) {
            dashboard.close();
            dashboard = null;
        }
        connectionCheck = null;
        if (https != null) {
            https.close();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
