package io.tributary.admin.ui;

import io.tributary.admin.ui.cluster.ClusterPage;
import io.tributary.cluster.NodeRegistry;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.auth.AccessFilter;
import io.tributary.admin.auth.AdminCredentials;
import io.tributary.admin.auth.AdminSessions;
import io.tributary.integration.check.ConnectionCheck;
import io.tributary.admin.dashboard.Dashboard;
import io.tributary.admin.ui.dashboard.DashboardPage;
import io.tributary.admin.ui.integrations.CheckFragment;
import io.tributary.admin.ui.integrations.DeadLettersPage;
import io.tributary.admin.ui.integrations.DetailsPage;
import io.tributary.admin.ui.integrations.IntegrationsPage;
import io.tributary.admin.ui.login.LoginController;
import io.tributary.admin.ui.mqtt.MqttClientsPage;
import io.tributary.broker.acl.MqttAcl;
import io.tributary.broker.auth.MqttUsers;
import io.tributary.admin.ui.plugins.PluginsPage;
import io.tributary.admin.ui.websocket.WebSocketPage;
import io.tributary.admin.ui.wizard.WizardPage;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.deadletter.DeadLetterService;
import io.tributary.integration.events.EventSink;
import io.tributary.integration.runtime.IntegrationRuntime;
import io.tributary.plugin.host.PluginCatalog;

import java.util.HashMap;
import java.util.Map;

/**
 * The admin UI: server-rendered pages (JTE) with htmx for partial updates. Registers every page
 * route; the access filter (registered by the server) guards them all.
 */
public final class AdminUi {
    private final Templates templates = new Templates();
    private final AdminSessions sessions;
    private final LoginController login;
    private final IntegrationsPage integrations;
    private final WizardPage wizard;
    private final DetailsPage details;
    private final DeadLettersPage deadLetterActions;
    private final CheckFragment check;
    private final WebSocketPage websocket;
    private final PluginsPage plugins;
    private final DashboardPage dashboard;
    private final Ui ui;
    private MqttClientsPage mqttClients;
    private ClusterPage cluster;

    /**
     * @param wsPort the broker's MQTT-over-WebSocket port for the WebSocket client's default URL (-1: off)
     * @param wsPath its path, e.g. {@code /mqtt}
     * @param pluginManager plugin upload/enable/disable/delete, or {@code null} for a read-only plugins page
     * @param dashboard     the figures of the dashboard, the landing page
     */
    public AdminUi(IntegrationService service, PluginCatalog catalog, EventSink events, IntegrationRuntime runtime,
                   DeadLetterService deadLetters, AdminCredentials credentials,
                   io.tributary.admin.auth.LoginThrottle throttle, AdminSessions sessions,
                   ConnectionCheck connectionCheck,
                   int wsPort, String wsPath, io.tributary.plugin.deploy.PluginManagerService pluginManager,
                   Dashboard dashboard) {
        this.sessions = sessions;
        this.ui = new Ui(credentials.username());
        this.login = new LoginController(credentials, throttle, sessions, templates, ui);
        this.integrations = new IntegrationsPage(service, runtime, deadLetters, catalog, templates, ui);
        this.wizard = new WizardPage(service, catalog, templates, ui);
        this.details = new DetailsPage(service, catalog, events, deadLetters, integrations, templates, ui);
        this.deadLetterActions = new DeadLettersPage(service, deadLetters);
        this.check = new CheckFragment(connectionCheck, catalog, templates);
        this.websocket = new WebSocketPage(wsPort, wsPath, templates, ui);
        this.plugins = new PluginsPage(catalog, pluginManager, templates, ui);
        this.dashboard = new DashboardPage(dashboard, templates, ui);
    }

    /** Adds the MQTT clients page (users, ACL rules, test box); call before {@link #register}. */
    public void mqttClients(MqttUsers users, MqttAcl acl) {
        this.mqttClients = new MqttClientsPage(users, acl, templates, ui);
    }

    /** Adds the Cluster page (the nodes sharing the store); call before {@link #register}. */
    public void cluster(NodeRegistry nodes) {
        this.cluster = new ClusterPage(nodes, templates, ui);
    }

    /** The broker's secure WebSocket port for the WebSocket client's default URL on HTTPS pages (-1: off). */
    public void secureWebSocketPort(int port) {
        websocket.secureWebSocketPort(port);
    }

    /** Registers the pages; fixed paths before {@code /integrations/{id}} (first match wins). */
    public void register(RoutesConfig routes) {
        login.register(routes);
        dashboard.register(routes);
        wizard.register(routes);
        check.register(routes);
        integrations.register(routes);
        details.register(routes);
        deadLetterActions.register(routes);
        websocket.register(routes);
        plugins.register(routes);
        if (mqttClients != null) {
            mqttClients.register(routes);
        }
        if (cluster != null) {
            cluster.register(routes);
        }
    }

    /** Renders an error page (404 for an unknown integration, 403 for a stale form...). */
    public void errorPage(Context ctx, int status, String message) {
        AdminSessions.Session s = ctx.attribute(AccessFilter.SESSION_ATTRIBUTE);
        if (s == null) {
            s = sessions.current(ctx).orElse(null);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", new Chrome(title(status), "none", s == null ? null : s.csrfToken(),
                s == null ? null : login.username(), null));
        model.put("status", status);
        model.put("message", message);
        ctx.status(status);
        if (ctx.header("HX-Request") != null) {
            ctx.result(message == null ? "" : message);
            return;
        }
        templates.html(ctx, "error.jte", model);
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Log in first";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 409 -> "Not possible now";
            default -> "Something went wrong";
        };
    }
}
