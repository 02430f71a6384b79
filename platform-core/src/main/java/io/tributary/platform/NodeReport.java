package io.tributary.platform;

import io.tributary.cluster.NodeEndpoints;
import io.tributary.cluster.NodeHealth;
import io.tributary.cluster.NodeIntegration;
import io.tributary.config.ConfigKey;
import io.tributary.config.TributaryConfig;
import io.tributary.health.HealthReport;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.runtime.StatisticsSnapshot;
import io.tributary.integration.runtime.StatusView;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** What this node puts in its heartbeat: its health and integrations, and where it can be reached. */
final class NodeReport {
    private final Platform platform;
    private volatile String adminUrl;

    NodeReport(Platform platform) {
        this.platform = platform;
    }

    NodeHealth health() {
        HealthReport ready = platform.readiness();
        var broker = platform.broker();
        long connections = broker == null ? 0 : broker.core().connections().size();
        List<NodeIntegration> integrations = new ArrayList<>();
        if (platform.integrationsOpened()) {
            for (IntegrationDefinition d : platform.integrations().list()) {
                StatusView s = platform.runtime().status(d.id());
                StatisticsSnapshot st = platform.runtime().statistics(d.id());
                integrations.add(new NodeIntegration(d.id(), d.name(), d.type(), s.status().name(), s.reason(),
                        st.matched(), st.succeeded(), st.failed(), st.queued(),
                        platform.runtime().partitions(d.id())));
            }
        }
        return new NodeHealth(ready.ready(), ready.failedIntegrations().size(), connections, integrations);
    }

    /** The admin server is up at {@code port} ({@code scheme} http or https). */
    void admin(String scheme, int port) {
        adminUrl = scheme + "://" + host(platform.config().get(ConfigKey.ADMIN_BIND)) + ":" + port;
    }

    NodeEndpoints endpoints() {
        var broker = platform.broker();
        List<String> mqtt = new ArrayList<>();
        if (broker != null) {
            TributaryConfig config = platform.config();
            String host = host(config.get(ConfigKey.MQTT_BIND));
            String path = config.get(ConfigKey.MQTT_WS_PATH);
            add(mqtt, "mqtt://", host, broker.tcpPort(), "");
            add(mqtt, "mqtts://", host, broker.tlsPort(), "");
            add(mqtt, "ws://", host, broker.wsPort(), path);
            add(mqtt, "wss://", host, broker.wssPort(), path);
        }
        return new NodeEndpoints(adminUrl, mqtt);
    }

    private static void add(List<String> out, String scheme, String host, int port, String path) {
        if (port > 0) {
            out.add(scheme + host + ":" + port + path);
        }
    }

    /** The advertised host, else the bind address unless it is a wildcard, else the host name. */
    private String host(String bind) {
        String advertisedHost = platform.config().get(ConfigKey.NODE_ADVERTISED_HOST).trim();
        if (!advertisedHost.isEmpty()) {
            return advertisedHost;
        }
        if (!bind.isBlank() && !bind.equals("0.0.0.0") && !bind.equals("::") && !bind.equals("[::]")) {
            return bind;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
