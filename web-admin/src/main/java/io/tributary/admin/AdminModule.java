package io.tributary.admin;

import io.tributary.admin.auth.AdminCredentials;
import io.tributary.admin.health.ScrapeCredentials;
import io.tributary.admin.https.AdminHttps;
import io.tributary.admin.auth.PasswordNotice;
import io.tributary.config.ConfigKey;
import io.tributary.config.TributaryConfig;
import io.tributary.platform.Platform;
import io.tributary.platform.PlatformModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the admin HTTP server (REST API and UI) with the platform. */
public final class AdminModule implements PlatformModule {
    private static final Logger log = LoggerFactory.getLogger(AdminModule.class);
    private AdminServer server;

    /** Loads Javalin, Jetty and Jackson while the platform starts: most of the admin's start-up time. */
    @Override
    public void prepare(TributaryConfig config) {
        if (config.getInt(ConfigKey.ADMIN_PORT) >= 0) {
            AdminServer.warmUp();
        }
    }

    @Override
    public void start(Platform platform) {
        TributaryConfig config = platform.config();
        int port = config.getInt(ConfigKey.ADMIN_PORT);
        boolean metricsAuth = config.getBoolean(ConfigKey.METRICS_AUTH);
        if (port < 0) {
            log.info("Admin HTTP server disabled (admin.port=-1)");
            if (metricsAuth && platform.metricsServer() != null) {
                log.warn("metrics.auth=true checks the admin's credentials, but the admin is off (admin.port=-1): "
                        + "/metrics on metrics.port refuses every scrape");
            }
            return;
        }
        AdminHttps https = AdminHttps.from(config); // key material errors before anything is bound
        AdminCredentials credentials = new AdminCredentials(platform.settings(), config.get(ConfigKey.ADMIN_USER),
                config.get(ConfigKey.ADMIN_PASSWORD), new PasswordNotice(config.dataDir()));
        String bind = config.get(ConfigKey.ADMIN_BIND);
        server = new AdminServer(platform.integrations(), platform.plugins(), platform.eventSink(), platform.runtime(),
                platform.deadLetters(), credentials)
                .broker(platform.broker().wsPort(), config.get(ConfigKey.MQTT_WS_PATH), config.nodeId())
                .pluginManagement(platform.pluginManager())
                .mqttAccess(platform.broker().users(), platform.broker().acl())
                .secureWebSocket(platform.broker().wssPort())
                .https(https)
                .hardening(AdminHardening.from(config))
                .observability(platform.metrics()::scrape, platform::readiness, metricsAuth)
                .metrics(platform.metrics())
                .cluster(platform.nodes())
                .start(port, bind);
        platform.advertiseAdmin(server.scheme(), server.port());
        if (metricsAuth && platform.metricsServer() != null) {
            platform.metricsServer().access(new ScrapeCredentials(credentials, AdminHardening.from(config)));
        }
        log.info("Admin API listening on {}://{}:{}/api", server.scheme(), bind, server.port());
        log.info("Admin UI listening on {}://{}:{}/", server.scheme(), bind, server.port());
    }

    /** The running server, or {@code null} when disabled. */
    public AdminServer server() {
        return server;
    }

    /** Bound port, or -1 when disabled. */
    public int port() {
        return server == null ? -1 : server.port();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
