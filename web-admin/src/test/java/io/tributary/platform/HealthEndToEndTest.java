package io.tributary.platform;

import io.tributary.admin.AdminModule;
import io.tributary.admin.Api;
import io.tributary.config.TributaryConfig;
import io.tributary.plugin.host.TestPluginProbe;
import io.tributary.plugin.host.TestPlugins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static io.tributary.platform.MetricsEndToEndTest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /health/live} and {@code /health/ready} as a probe sees them on the metrics port through
 * a whole life: 503 while the platform starts, 200 once it has, still 200 with an integration that
 * cannot start (listed by name), and 503 as soon as a stop begins, while the broker still runs.
 */
class HealthEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;
    private Platform platform;

    @AfterEach
    void stop() {
        GateModule.startGate = null;
        GateModule.stopGate = null;
        if (platform != null) {
            platform.close();
        }
        TestPluginProbe.reset();
    }

    @Test
    void readyOnlyBetweenTheEndOfStartAndTheBeginningOfStopAndAFailedIntegrationIsListedNotFatal()
            throws Exception {
        platform = new Platform(TributaryConfig.of(config()));
        CountDownLatch startGate = new CountDownLatch(1);
        GateModule.startGate = startGate;
        CompletableFuture<Platform> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return platform.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> platform.phase() == Platform.Phase.STARTING
                && platform.broker() != null && platform.broker().listening());
        String port = "http://127.0.0.1:" + platform.metricsServer().port();

        // start-up not finished (a module still starting): alive, not ready, and it says why
        assertThat(get(port + "/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> starting503 = get(port + "/health/ready");
        assertThat(starting503.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(starting503.body());
        assertThat(body.get("status").asString()).isEqualTo("DOWN");
        assertThat(check(body, "startup")).isEqualTo("DOWN:starting");
        assertThat(check(body, "mqtt")).startsWith("UP");
        assertThat(check(body, "storage")).startsWith("UP");
        assertThat(check(body, "plugins")).isEqualTo("UP:1 plugin(s) loaded");
        assertThat(check(body, "integrations")).startsWith("UP");
        assertThat(get(port + "/metrics").statusCode()).as("metrics during start-up").isEqualTo(200);

        startGate.countDown();
        starting.get();
        HttpResponse<String> ready = get(port + "/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).get("failedIntegrations").size()).isZero();
        int adminPort = platform.module(AdminModule.class).port();
        assertThat(get("http://127.0.0.1:" + adminPort + "/health/ready").statusCode()).as("admin port, no login")
                .isEqualTo(200);

        // an integration that cannot start: listed with its state, the node stays ready
        Api api = new Api(adminPort, "admin", RunningPlatform.PASSWORD);
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("topicFilters", List.of("broken/#"));
        configuration.put("clientConfiguration", TestPlugins.config("failStart"));
        Api.Response created = api.post("/api/integrations", Map.of("name", "Broken sink", "type", TestPlugins.TYPE,
                "enabled", true, "configuration", configuration));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> r = get(port + "/health/ready");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode failed = JSON.readTree(r.body()).get("failedIntegrations");
            assertThat(failed.size()).as(r.body()).isEqualTo(1);
            assertThat(failed.get(0).get("name").asString()).isEqualTo("Broken sink");
            assertThat(failed.get(0).get("state").asString()).isIn("FAILED", "PENDING");
            assertThat(failed.get(0).get("reason").asString()).isNotBlank();
        });

        // a stop begins (a module still closing): not ready at once, though MQTT still listens
        CountDownLatch stopGate = new CountDownLatch(1);
        GateModule.stopGate = stopGate;
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(platform::close);
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.phase() == Platform.Phase.STOPPING);
        HttpResponse<String> draining = get(port + "/health/ready");
        assertThat(draining.statusCode()).isEqualTo(503);
        assertThat(check(JSON.readTree(draining.body()), "startup")).isEqualTo("DOWN:stopping");
        assertThat(platform.broker().listening()).as("the broker has not stopped yet").isTrue();
        assertThat(get(port + "/health/live").statusCode()).isEqualTo(200);
        stopGate.countDown();
        stopping.get();
        platform = null;
    }

    private static String check(JsonNode body, String name) {
        for (JsonNode c : body.get("checks")) {
            if (c.get("name").asString().equals(name)) {
                return c.get("status").asString() + ":" + c.get("detail").asString();
            }
        }
        throw new AssertionError("no check " + name + " in " + body);
    }

    private Map<String, String> config() throws Exception {
        Map<String, String> cfg = RunningPlatform.baseConfig(dir, "health-node");
        cfg.put("metrics.bind", "127.0.0.1");
        cfg.put("metrics.port", "0");
        cfg.put("integration.restart-initial-seconds", "60");
        Files.createDirectories(dir.resolve("plugins"));
        TestPlugins.build(dir.resolve("plugins"));
        return cfg;
    }
}
