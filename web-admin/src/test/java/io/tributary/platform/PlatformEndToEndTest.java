package io.tributary.platform;

import io.tributary.admin.AdminModule;
import io.tributary.config.TributaryConfig;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.host.TestPluginProbe;
import io.tributary.plugin.host.TestPlugins;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole platform as an operator runs it: the test plugin loaded by PF4J from a zip in the
 * plugins directory, integrations created over the REST API, a real MQTT client publishing,
 * a real SQLite file that survives a restart.
 */
class PlatformEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = RunningPlatform.PASSWORD;

    @TempDir
    Path dir;
    private Platform platform;
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void tearDown() throws Exception {
        for (MqttAsyncClient c : clients) {
            if (c.isConnected()) {
                c.disconnect().waitForCompletion(2000);
            }
            c.close();
        }
        if (platform != null) {
            platform.close();
        }
        TestPluginProbe.reset();
    }

    private Platform start() throws Exception {
        Map<String, String> cfg = RunningPlatform.baseConfig(dir, "e2e-node");
        cfg.put("integration.max-messages", "5");
        cfg.put("integration.max-inflight", "2");
        cfg.put("integration.restart-initial-seconds", "1");
        Files.createDirectories(dir.resolve("plugins"));
        platform = new Platform(TributaryConfig.of(cfg)).start();
        return platform;
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        int port = platform.module(AdminModule.class).port();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String createIntegration(String name, String mode) throws Exception {
        String body = """
                {"name": "%s", "type": "TEST", "enabled": true,
                 "configuration": {"topicFilters": ["tbmq/#", "tbmq/+/status"],
                                   "clientConfiguration": {"mode": "%s", "password": "hunter2"},
                                   "metadata": {"site": "lab"}},
                 "additionalInfo": {"description": "end to end"}}
                """.formatted(name, mode);
        HttpResponse<String> r = api("POST", "/api/integrations", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).doesNotContain("hunter2");
        return JSON.readTree(r.body()).get("id").asString();
    }

    private String status(String id) throws Exception {
        JsonNode node = JSON.readTree(api("GET", "/api/integrations/" + id, null).body());
        return node.get("status").get("status").asString();
    }

    private MqttAsyncClient mqtt(String clientId) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + platform.broker().tcpPort(), clientId,
                new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(100);
        c.connect(o).waitForCompletion(5000);
        clients.add(c);
        return c;
    }

    @Test
    void messagesMatchingTheFiltersReachThePluginOnceEachAndSurviveARestart() throws Exception {
        TestPlugins.build(dir.resolve("plugins"));
        start();
        String id = createIntegration("e2e", "ok");
        await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals("ACTIVE"));

        MqttAsyncClient pub = mqtt("device-1");
        pub.publish("tbmq/dev/status", "{\"temperature\":25}".getBytes(), 1, true).waitForCompletion(5000);
        pub.publish("tbmq/plain", "p".getBytes(), 0, false).waitForCompletion(5000);
        pub.publish("elsewhere/x", "n".getBytes(), 2, false).waitForCompletion(5000);

        await().atMost(Duration.ofSeconds(5)).until(() -> TestPluginProbe.messages(id).size() >= 2);
        Thread.sleep(300);
        List<IntegrationMessage> got = TestPluginProbe.messages(id);
        assertThat(got).extracting(IntegrationMessage::topic).containsExactly("tbmq/dev/status", "tbmq/plain");
        IntegrationMessage first = got.get(0);
        assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"temperature\":25}");
        assertThat(first.qos()).isEqualTo(1);
        assertThat(first.retain()).isTrue();
        assertThat(first.clientId()).isEqualTo("device-1");
        assertThat(first.brokerNodeId()).isEqualTo("e2e-node");
        assertThat(TestPluginProbe.lifecycle(id)).contains("create", "start")
                .noneMatch(call -> call.startsWith("wrong-context-loader"));
        await().untilAsserted(() -> assertThat(JSON.readTree(api("GET", "/api/integrations/" + id, null).body())
                .get("statistics").get("succeeded").asLong()).isEqualTo(2));

        platform.close();
        platform = null;
        start();
        HttpResponse<String> list = api("GET", "/api/integrations", null);
        assertThat(list.body()).contains(id).contains("\"e2e\"").doesNotContain("hunter2");
        await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals("ACTIVE"));
        JsonNode events = JSON.readTree(api("GET", "/api/integrations/" + id + "/events?type=LIFECYCLE&limit=50",
                null).body());
        List<String> kinds = new ArrayList<>();
        events.get("data").forEach(e -> kinds.add(e.get("event").asString()));
        assertThat(kinds).contains("CREATED", "STARTED", "STOPPED");
    }

    @Test
    void aStalledPluginHoldsQos1AcknowledgementsAndLosesNothingWhenItRecovers() throws Exception {
        TestPlugins.build(dir.resolve("plugins"));
        start();
        String id = createIntegration("stall", "ok");
        await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals("ACTIVE"));
        TestPluginProbe.setMode(id, "stall");

        MqttAsyncClient pub = mqtt("burst");
        List<IMqttDeliveryToken> tokens = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tokens.add(pub.publish("tbmq/burst/" + i, ("m" + i).getBytes(), 1, false));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> TestPluginProbe.stalled(id) == 2);
        Thread.sleep(500);
        long acked = tokens.stream().filter(IMqttDeliveryToken::isComplete).count();
        // 2 in the plugin + 5 queued were accepted; everything after waits for room
        assertThat(acked).isLessThanOrEqualTo(7);

        TestPluginProbe.clearMode(id);
        for (IMqttDeliveryToken t : tokens) {
            t.waitForCompletion(10_000);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> TestPluginProbe.messages(id).stream()
                .map(IntegrationMessage::topic).distinct().count() == 30);
    }

    @Test
    void anIntegrationWhosePluginIsMissingIsFailedAndStartsWhenThePluginAppears() throws Exception {
        Path zip = TestPlugins.build(dir.resolve("elsewhere"));
        start();
        // no plugin: creating is refused with a field error on type
        HttpResponse<String> refused = api("POST", "/api/integrations", """
                {"name": "early", "type": "TEST", "configuration": {"clientConfiguration": {}}}""");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"field\":\"type\"");

        // stored while the plugin existed, then the plugin disappears across a restart
        platform.close();
        Files.copy(zip, dir.resolve("plugins").resolve(zip.getFileName()));
        start();
        String id = createIntegration("late", "ok");
        platform.close();
        Files.delete(dir.resolve("plugins").resolve(zip.getFileName()));
        start();
        await().atMost(Duration.ofSeconds(5)).until(() -> status(id).equals("FAILED"));
        JsonNode view = JSON.readTree(api("GET", "/api/integrations/" + id, null).body());
        assertThat(view.get("status").get("reason").asString()).contains("plugin not installed");

        platform.plugins().load(zip);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals("ACTIVE"));
        mqtt("late-pub").publish("tbmq/late", "x".getBytes(), 1, false).waitForCompletion(5000);
        await().atMost(Duration.ofSeconds(5)).until(() -> TestPluginProbe.messages(id).size() == 1);
    }
}
