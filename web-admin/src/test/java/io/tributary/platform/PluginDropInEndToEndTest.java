package io.tributary.platform;

import io.tributary.admin.AdminModule;
import io.tributary.config.TributaryConfig;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.host.TestPluginProbe;
import io.tributary.plugin.host.TestPlugins;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plugin zip copied into the plugins directory of a running platform is usable over the REST
 * API within seconds; copying a newer version over it restarts its integrations on the new
 * version; removing it fails them with "plugin not installed". Real PF4J, real files, Paho.
 */
class PluginDropInEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "drop-in-secret";
    /** Drop-in is promised "within a few seconds". */
    private static final Duration FEW_SECONDS = Duration.ofSeconds(6);

    @TempDir
    Path dir;
    private Platform platform;
    private MqttAsyncClient mqtt;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void tearDown() throws Exception {
        if (mqtt != null) {
            if (mqtt.isConnected()) {
                mqtt.disconnect().waitForCompletion(2000);
            }
            mqtt.close();
        }
        if (platform != null) {
            platform.close();
        }
        TestPluginProbe.reset();
    }

    private void start() throws Exception {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("data.dir", dir.resolve("data").toString());
        cfg.put("plugins.dir", dir.resolve("plugins").toString());
        cfg.put("mqtt.bind", "127.0.0.1");
        cfg.put("mqtt.port", "0");
        cfg.put("mqtt.ws.port", "-1");
        cfg.put("admin.bind", "127.0.0.1");
        cfg.put("admin.port", "0");
        cfg.put("admin.password", PASSWORD);
        cfg.put("integration.restart-initial-seconds", "1");
        // the default (2 s) would do; events make it faster still, the rescan is the fallback
        cfg.put("plugins.watch-interval-ms", "1000");
        platform = new Platform(TributaryConfig.of(cfg)).start();
    }

    @Test
    void aPluginDroppedInIsUsedThenUpgradedThenRemoved() throws Exception {
        start();
        Path plugins = dir.resolve("plugins");
        assertThat(plugins).as("created on start").isDirectory();
        Path v1 = TestPlugins.build(dir.resolve("builds/v1"));
        Path v2 = TestPlugins.builder(TestPlugins.PLUGIN_ID, TestPlugins.TYPE).version("2.0.0")
                .buildZip(dir.resolve("builds/v2"));
        Path dropped = plugins.resolve("test-plugin.zip");

        // drop in: the type appears over the API and an integration of it receives messages
        Files.copy(v1, dropped);
        await().atMost(FEW_SECONDS).until(() -> typeVersion().equals("1.0.0"));
        assertThat(pluginVersion()).isEqualTo("1.0.0");
        String id = createIntegration();
        await().atMost(FEW_SECONDS).until(() -> status(id).equals("ACTIVE"));
        publish("tbmq/one");
        await().atMost(FEW_SECONDS).until(() -> topics(id).contains("tbmq/one"));

        // upgrade: copy 2.0.0 over it; the integration restarts on the new version
        Files.copy(v2, dropped, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(FEW_SECONDS).until(() -> typeVersion().equals("2.0.0"));
        assertThat(pluginVersion()).isEqualTo("2.0.0");
        await().atMost(FEW_SECONDS).until(() -> status(id).equals("ACTIVE"));
        assertThat(TestPluginProbe.lifecycle(id)).containsSubsequence("create", "start", "stop", "create", "start");
        publish("tbmq/two");
        await().atMost(FEW_SECONDS).until(() -> topics(id).contains("tbmq/two"));

        // remove: the integration fails with the reason, the plugin is gone from the API
        Files.delete(dropped);
        await().atMost(FEW_SECONDS).until(() -> status(id).equals("FAILED"));
        assertThat(reason(id)).isEqualTo("plugin not installed: TEST");
        assertThat(JSON.readTree(api("GET", "/api/plugins").body())).isEmpty();
        assertThat(JSON.readTree(api("GET", "/api/integration-types").body())).isEmpty();

        // and back again: it resumes without a restart of the platform
        Files.copy(v2, dropped);
        await().atMost(FEW_SECONDS).until(() -> status(id).equals("ACTIVE"));
    }

    @Test
    void aDisabledPluginsIntegrationsSaySoAcrossARestartUntilItIsEnabled() throws Exception {
        TestPlugins.build(dir.resolve("plugins"));
        start();
        String id = createIntegration();
        await().atMost(FEW_SECONDS).until(() -> status(id).equals("ACTIVE"));

        platform.pluginManager().disable(TestPlugins.PLUGIN_ID);
        await().atMost(FEW_SECONDS).until(() -> status(id).equals("FAILED"));
        assertThat(reason(id)).isEqualTo("plugin disabled: TEST");
        JsonNode listed = JSON.readTree(api("GET", "/api/plugins").body());
        assertThat(listed.get(0).get("state").asString()).isEqualTo("DISABLED");

        platform.close();
        start();
        await().atMost(FEW_SECONDS).until(() -> status(id).equals("FAILED"));
        assertThat(reason(id)).isEqualTo("plugin disabled: TEST");

        platform.pluginManager().enable(TestPlugins.PLUGIN_ID);
        await().atMost(FEW_SECONDS).until(() -> status(id).equals("ACTIVE"));
        publish("tbmq/enabled");
        await().atMost(FEW_SECONDS).until(() -> topics(id).contains("tbmq/enabled"));
    }

    private String createIntegration() throws Exception {
        HttpResponse<String> r = api("POST", "/api/integrations", """
                {"name": "drop-in", "type": "TEST", "enabled": true,
                 "configuration": {"topicFilters": ["tbmq/#"], "clientConfiguration": {"mode": "ok"}}}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asString();
    }

    private void publish(String topic) throws Exception {
        if (mqtt == null) {
            mqtt = new MqttAsyncClient("tcp://127.0.0.1:" + platform.broker().tcpPort(), "drop-in-device",
                    new MemoryPersistence());
            mqtt.connect().waitForCompletion(5000);
        }
        mqtt.publish(topic, "{\"t\":1}".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(5000);
    }

    private static List<String> topics(String id) {
        return TestPluginProbe.messages(id).stream().map(IntegrationMessage::topic).toList();
    }

    private String typeVersion() throws Exception {
        JsonNode types = JSON.readTree(api("GET", "/api/integration-types").body());
        return types.isEmpty() ? "" : types.get(0).get("version").asString();
    }

    private String pluginVersion() throws Exception {
        JsonNode plugins = JSON.readTree(api("GET", "/api/plugins").body());
        return plugins.isEmpty() ? "" : plugins.get(0).get("version").asString();
    }

    private String status(String id) throws Exception {
        return JSON.readTree(api("GET", "/api/integrations/" + id).body()).get("status").get("status").asString();
    }

    private String reason(String id) throws Exception {
        return JSON.readTree(api("GET", "/api/integrations/" + id).body()).get("status").get("reason").asString();
    }

    private HttpResponse<String> api(String method, String path) throws Exception {
        return api(method, path, null);
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
}
