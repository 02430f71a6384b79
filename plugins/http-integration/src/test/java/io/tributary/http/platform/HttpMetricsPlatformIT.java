package io.tributary.http.platform;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.http.TestServer;
import io.tributary.http.TestServer.Answer;
import io.tributary.plugin.testkit.AdminClient;
import io.tributary.plugin.testkit.PluginTestKit;
import io.tributary.plugin.testkit.TestPlatform;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The integration meters on the real platform: the HTTP plugin zip loaded by PF4J, a local HTTP
 * server, Paho publishing; the platform's registry read as the dashboard reads it and rendered as
 * Prometheus text as {@code /metrics} serves it.
 */
class HttpMetricsPlatformIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestPlatform platform;
    private static AdminClient admin;

    @BeforeAll
    static void startPlatform() {
        platform = TestPlatform.builder().plugin(PluginTestKit.builtZip())
                .config("node.id", "metrics-node")
                .config("integration.retry-initial-ms", "100")
                .config("integration.retry-max-ms", "200")
                .start();
        admin = platform.admin();
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    @Test
    void deliveriesAndFailuresMoveTheIntegrationMetersAndTheStatisticsEventAgrees() throws Exception {
        MeterRegistry registry = platform.platform().metrics().registry();
        try (TestServer server = TestServer.http()) {
            String id = admin.createIntegration("metered-http", "HTTP", List.of("metered/#"),
                    Map.of("restEndpointUrl", server.url("/ingest")));
            admin.awaitStatus(id, "ACTIVE", WAIT);
            MqttClient device = new MqttClient(platform.mqttUri(), "meter-device", new MemoryPersistence());
            device.connect(new MqttConnectOptions());
            int n = 20;
            for (int i = 0; i < n; i++) {
                device.publish("metered/" + i, ("{\"n\":" + i + "}").getBytes(), 1, false);
            }
            device.publish("elsewhere/1", "{}".getBytes(), 1, false);
            await().atMost(WAIT).until(() -> counter(registry, "delivered") == n);
            assertThat(counter(registry, "matched")).isEqualTo(n);
            assertThat(counter(registry, "failed")).isZero();
            Timer latency = registry.find("tributary.integration.delivery.latency")
                    .tags("integration", "metered-http", "type", "HTTP").timer();
            assertThat(latency).isNotNull();
            assertThat(latency.count()).isEqualTo(n);
            assertThat(platform.platform().metrics().scrape()).contains(
                    "tributary_integration_delivered_total{integration=\"metered-http\",node=\"metrics-node\","
                            + "type=\"HTTP\"} " + n,
                    "tributary_integration_state{integration=\"metered-http\",node=\"metrics-node\","
                            + "state=\"active\",type=\"HTTP\"} 1");

            // the endpoint fails: attempts fail and are retried until it answers again
            server.answer(Answer.status(503));
            device.publish("metered/failing", "{}".getBytes(), 1, false);
            await().atMost(WAIT).until(() -> counter(registry, "retried") >= 2);
            assertThat(counter(registry, "failed")).isGreaterThanOrEqualTo(2);
            server.answer(Answer.status(200));
            await().atMost(WAIT).until(() -> counter(registry, "delivered") == n + 1);
            double failed = counter(registry, "failed");
            assertThat(counter(registry, "retried")).isEqualTo(failed);

            admin.request("POST", "/api/integrations/" + id + "/disable", null);
            await().atMost(WAIT).until(() -> state(registry, "disabled") == 1);
            assertThat(state(registry, "active")).isZero();
            Map<?, ?> body = (Map<?, ?>) admin.events(id, "STATISTICS", 1).get(0).get("body");
            assertThat(((Number) body.get("totalProcessed")).doubleValue()).isEqualTo(counter(registry, "delivered"));
            assertThat(((Number) body.get("totalMatched")).doubleValue()).isEqualTo(counter(registry, "matched"));
            assertThat(((Number) body.get("totalFailed")).doubleValue()).isEqualTo(failed);
            assertThat(((Number) body.get("totalRetried")).doubleValue()).isEqualTo(failed);
            assertThat(admin.statistic(id, "succeeded")).isEqualTo(n + 1);

            admin.request("DELETE", "/api/integrations/" + id, null);
            assertThat(registry.find("tributary.integration.delivered").tag("integration", "metered-http")
                    .functionCounter()).isNull();
            device.disconnect();
            device.close();
        }
    }

    private static double counter(MeterRegistry registry, String name) {
        FunctionCounter c = registry.find("tributary.integration." + name)
                .tags("integration", "metered-http", "type", "HTTP").functionCounter();
        return c == null ? -1 : c.count();
    }

    private static double state(MeterRegistry registry, String state) {
        Gauge g = registry.find("tributary.integration.state")
                .tags("integration", "metered-http", "state", state).gauge();
        return g == null ? -1 : g.value();
    }
}
