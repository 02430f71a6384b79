package io.tributary.platform;

import io.tributary.admin.AdminModule;
import io.tributary.admin.Api;
import io.tributary.metrics.PlatformMetrics;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.hawkular.agent.prometheus.types.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /metrics} of a real platform read by a Prometheus text-format parser while real MQTT
 * clients (Paho 3.1.1 over TCP and WebSocket, Paho 5 over TCP) connect, subscribe and publish at
 * every QoS: each broker metric moves by exactly what the clients did. Also the admin port and the
 * separate metrics port, with and without {@code metrics.auth}.
 */
class MetricsEndToEndTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    RunningPlatform p;
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already closed by the broker
            }
        }
        if (p != null) {
            p.close();
        }
    }

    @Test
    void brokerMetricsMoveByExactlyWhatTheClientsDid() throws Exception {
        p = RunningPlatform.start(dir, Map.of("mqtt.ws.port", "0", "mqtt.max-packet-size", "2048",
                "mqtt.max-topic-levels", "4", "metrics.port", "0"));
        Api.Response rule = p.api.post("/api/mqtt/acl", Map.of("effect", "deny", "action", "publish",
                "topic", "secret/#"));
        assertThat(rule.status()).as(rule.toString()).isEqualTo(201);
        PrometheusScrape before = scrapeAdmin();
        assertThat(before.value("tributary_mqtt_connections", "listener", "tcp", "protocol", "5.0")).isZero();

        // a v5 subscriber on TCP gets everything at QoS 2; a filter deeper than 4 levels is refused
        List<byte[]> received = new CopyOnWriteArrayList<>();
        var subscriber = new org.eclipse.paho.mqttv5.client.MqttClient(tcp(), "sub-v5",
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        clients.add(subscriber::close);
        MqttConnectionOptions v5 = new MqttConnectionOptions();
        v5.setCleanStart(true);
        subscriber.connect(v5);
        subscriber.subscribe(new MqttSubscription[]{new MqttSubscription("m/#", 2)},
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[]{(t, m) -> received.add(m.getPayload())});
        var refused = subscriber.subscribe(new MqttSubscription[]{new MqttSubscription("a/b/c/d/e", 1)});
        assertThat(refused.getReasonCodes()).as("SUBACK of a 5-level filter").containsExactly(0x8F);

        // a 3.1.1 publisher on TCP, one on WebSocket
        MqttClient publisher = v3(tcp(), "pub-tcp");
        MqttClient wsPublisher = v3("ws://127.0.0.1:" + p.platform.broker().wsPort() + "/mqtt", "pub-ws");
        publisher.publish("m/zero", bytes(10), 0, false);
        publisher.publish("m/one", bytes(20), 1, false);
        publisher.publish("m/two", bytes(30), 2, false);
        publisher.publish("m/r", bytes(5), 1, true);
        wsPublisher.publish("m/ws", bytes(7), 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 5);
        // refused by the ACL: 3.1.1 is acknowledged all the same, nothing is delivered
        publisher.publish("secret/x", bytes(3), 1, false);
        // larger than mqtt.max-packet-size: the connection is closed (3.1.1 cannot be told why)
        MqttClient tooLarge = v3(tcp(), "too-large");
        try {
            tooLarge.publish("m/big", bytes(4096), 1, false);
        } catch (MqttException expected) {
            // connection lost while waiting for PUBACK
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !tooLarge.isConnected());

        PrometheusScrape after = scrapeAdmin();
        Delta d = new Delta(before, after);
        assertThat(d.of("tributary_mqtt_messages_received_total", "qos", "0")).isEqualTo(1);
        assertThat(d.of("tributary_mqtt_messages_received_total", "qos", "1")).isEqualTo(4);
        assertThat(d.of("tributary_mqtt_messages_received_total", "qos", "2")).isEqualTo(1);
        assertThat(d.of("tributary_mqtt_bytes_received_total", "qos", "0")).isEqualTo(10);
        assertThat(d.of("tributary_mqtt_bytes_received_total", "qos", "1")).isEqualTo(20 + 5 + 7 + 3);
        assertThat(d.of("tributary_mqtt_bytes_received_total", "qos", "2")).isEqualTo(30);
        assertThat(d.of("tributary_mqtt_messages_sent_total", "qos", "0")).isEqualTo(1);
        assertThat(d.of("tributary_mqtt_messages_sent_total", "qos", "1")).isEqualTo(3);
        assertThat(d.of("tributary_mqtt_messages_sent_total", "qos", "2")).isEqualTo(1);
        assertThat(d.of("tributary_mqtt_bytes_sent_total", "qos", "1")).isEqualTo(20 + 5 + 7);
        assertThat(d.of("tributary_mqtt_bytes_sent_total", "qos", "2")).isEqualTo(30);
        assertThat(d.of("tributary_mqtt_messages_dropped_total", "reason", "not_authorized")).isEqualTo(1);
        assertThat(d.of("tributary_mqtt_messages_dropped_total", "reason", "too_large")).isEqualTo(1);
        assertThat(d.of("tributary_mqtt_messages_dropped_total", "reason", "queue_full")).isZero();
        assertThat(d.of("tributary_mqtt_limit_refusals_total", "limit", "topic_levels")).isEqualTo(1);
        assertThat(d.of("tributary_mqtt_connects_total", "result", "accepted")).isEqualTo(4);
        assertThat(d.of("tributary_mqtt_disconnects_total", "reason", "protocol_error")).isEqualTo(1);
        assertThat(d.of("tributary_mqtt_retained_messages")).isEqualTo(1);
        assertThat(d.of("tributary_mqtt_retained_bytes")).isEqualTo("m/r".length() + 5);
        assertThat(d.of("tributary_mqtt_subscriptions")).isEqualTo(1);
        assertThat(after.value("tributary_mqtt_connections", "listener", "tcp", "protocol", "5.0")).isEqualTo(1);
        assertThat(after.value("tributary_mqtt_connections", "listener", "tcp", "protocol", "3.1.1")).isEqualTo(1);
        assertThat(after.value("tributary_mqtt_connections", "listener", "ws", "protocol", "3.1.1")).isEqualTo(1);
        assertThat(after.value("tributary_mqtt_sessions", "state", "online")).isEqualTo(3);
        // QoS 1/2 publishes stored and acknowledged: m/one, m/two, m/r, m/ws (not the refused one)
        Histogram latency = after.histogram("tributary_mqtt_puback_latency_seconds");
        Histogram latencyBefore = before.histogram("tributary_mqtt_puback_latency_seconds");
        assertThat(latency.getSampleCount() - latencyBefore.getSampleCount()).isEqualTo(4);
        assertThat(latency.getBuckets()).as("SLO buckets up to +Inf").hasSizeGreaterThan(10);
        assertThat(latency.getBuckets().get(latency.getBuckets().size() - 1).getCumulativeCount())
                .isEqualTo(latency.getSampleCount());
        assertThat(after.names()).as("Netty allocator and JVM meters")
                .anyMatch(n -> n.startsWith("netty_allocator_memory_used"))
                .contains("jvm_memory_used_bytes");

        // everyone leaves: connection gauges back to 0, normal disconnects counted
        publisher.disconnect();
        wsPublisher.disconnect();
        subscriber.disconnect();
        await().atMost(Duration.ofSeconds(10)).until(() -> scrapeAdmin()
                .value("tributary_mqtt_sessions", "state", "online") == 0);
        PrometheusScrape gone = scrapeAdmin();
        assertThat(new Delta(after, gone).of("tributary_mqtt_disconnects_total", "reason", "client")).isEqualTo(3);
        assertThat(gone.value("tributary_mqtt_connections", "listener", "tcp", "protocol", "5.0")).isZero();
        assertThat(gone.value("tributary_mqtt_connections", "listener", "ws", "protocol", "3.1.1")).isZero();
        assertThat(gone.value("tributary_mqtt_subscriptions")).as("clean session ended").isZero();

        // the separate metrics port serves the same registry
        HttpResponse<String> port = get(metricsPortUrl("/metrics"));
        assertThat(port.statusCode()).isEqualTo(200);
        assertThat(port.headers().firstValue("Content-Type").orElseThrow()).isEqualTo(PlatformMetrics.contentType());
        assertThat(new PrometheusScrape(port.body()).value("tributary_mqtt_messages_received_total", "qos", "2"))
                .isEqualTo(gone.value("tributary_mqtt_messages_received_total", "qos", "2"));
    }

    @Test
    void withMetricsAuthAScrapeNeedsTheAdminPasswordOnBothPortsAndProbesStayPublic() throws Exception {
        p = RunningPlatform.start(dir, Map.of("metrics.auth", "true", "metrics.port", "0"));
        String admin = "http://127.0.0.1:" + adminPort();
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + RunningPlatform.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        String wrong = "Basic " + Base64.getEncoder().encodeToString("admin:not-the-password"
                .getBytes(StandardCharsets.UTF_8));
        for (String url : List.of(admin + "/metrics", metricsPortUrl("/metrics"))) {
            HttpResponse<String> anonymous = get(url);
            assertThat(anonymous.statusCode()).as(url).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(url).isPresent();
            assertThat(anonymous.body()).doesNotContain("tributary_mqtt");
            assertThat(get(url, "Authorization", wrong).statusCode()).as(url).isEqualTo(401);
            HttpResponse<String> allowed = get(url, "Authorization", basic);
            assertThat(allowed.statusCode()).as(url).isEqualTo(200);
            assertThat(new PrometheusScrape(allowed.body()).has("tributary_mqtt_connects_total")).isTrue();
        }
        for (String url : List.of(admin + "/health/live", admin + "/health/ready", metricsPortUrl("/health/live"),
                metricsPortUrl("/health/ready"))) {
            assertThat(get(url).statusCode()).as(url).isEqualTo(200);
        }
    }

    @Test
    void withoutMetricsAuthAnyoneMayScrapeTheAdminPortAndTheMetricsPortIsOff() throws Exception {
        p = RunningPlatform.start(dir, Map.of());
        HttpResponse<String> r = get("http://127.0.0.1:" + adminPort() + "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).isEqualTo(PlatformMetrics.contentType());
        assertThat(new PrometheusScrape(r.body()).value("tributary_mqtt_connections", "listener", "tcp",
                "protocol", "3.1.1", "node", "api-node")).isZero();
        assertThat(p.platform.metricsServer()).as("metrics.port=-1 by default").isNull();
        // the pages still need a login
        assertThat(get("http://127.0.0.1:" + adminPort() + "/integrations").statusCode()).isEqualTo(302);
    }

    private int adminPort() {
        return p.platform.module(AdminModule.class).port();
    }

    private String tcp() {
        return "tcp://127.0.0.1:" + p.platform.broker().tcpPort();
    }

    private MqttClient v3(String url, String clientId) throws MqttException {
        MqttClient c = new MqttClient(url, clientId, new MemoryPersistence());
        clients.add(c::close);
        c.connect();
        return c;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 'x');
        return b;
    }

    private PrometheusScrape scrapeAdmin() throws Exception {
        HttpResponse<String> r = get("http://127.0.0.1:" + adminPort() + "/metrics");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new PrometheusScrape(r.body());
    }

    private String metricsPortUrl(String path) {
        return "http://127.0.0.1:" + p.platform.metricsServer().port() + path;
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** How much each sample moved between two scrapes. */
    private record Delta(PrometheusScrape before, PrometheusScrape after) {
        double of(String family, String... labels) {
            return after.value(family, labels) - before.value(family, labels);
        }
    }
}
