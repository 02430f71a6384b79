package io.tributary.platform;

import io.tributary.admin.AdminModule;
import io.tributary.admin.Api;
import io.tributary.config.TributaryConfig;
import io.tributary.plugin.host.TestPluginProbe;
import io.tributary.plugin.host.TestPlugins;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole platform for API tests: the PF4J test plugin zip in the plugins directory, a real
 * SQLite file and integration logs under a temporary directory, MQTT and the admin on free ports,
 * and a real MQTT client to publish with.
 */
final class RunningPlatform implements AutoCloseable {
    static final String PASSWORD = "running-platform-secret";

    final Platform platform;
    final Api api;
    private MqttClient publisher;

    private RunningPlatform(Platform platform) {
        this.platform = platform;
        this.api = new Api(platform.module(AdminModule.class).port(), "admin", PASSWORD);
    }

    /**
     * The settings of a test platform in {@code dir}: data and plugins below it, MQTT TCP and the
     * admin on free loopback ports, no WebSocket listener, admin password {@link #PASSWORD}.
     * Mutable, for the test's own additions.
     */
    static Map<String, String> baseConfig(Path dir, String nodeId) {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("node.id", nodeId);
        cfg.put("data.dir", dir.resolve("data").toString());
        cfg.put("plugins.dir", dir.resolve("plugins").toString());
        cfg.put("mqtt.bind", "127.0.0.1");
        cfg.put("mqtt.port", "0");
        cfg.put("mqtt.ws.port", "-1");
        cfg.put("admin.bind", "127.0.0.1");
        cfg.put("admin.port", "0");
        cfg.put("admin.password", PASSWORD);
        return cfg;
    }

    /** Starts with the test plugin installed; {@code settings} add to or override the defaults. */
    static RunningPlatform start(Path dir, Map<String, String> settings) throws Exception {
        Map<String, String> cfg = baseConfig(dir, "api-node");
        cfg.put("integration.retry-initial-ms", "100");
        cfg.putAll(settings);
        Files.createDirectories(dir.resolve("plugins"));
        TestPlugins.build(dir.resolve("plugins"));
        return new RunningPlatform(new Platform(TributaryConfig.of(cfg)).start());
    }

    /** Creates an enabled integration of the test type over the API and waits until it runs. */
    String create(String name, String mode, String topicFilter) {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("topicFilters", List.of(topicFilter));
        configuration.put("clientConfiguration", TestPlugins.config(mode));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", TestPlugins.TYPE);
        body.put("enabled", true);
        body.put("configuration", configuration);
        Api.Response r = api.post("/api/integrations", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        String id = r.json().get("id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestPluginProbe.lifecycle(id).contains("start")
                && "ACTIVE".equals(integration(id).at("/status/status").asString()));
        return id;
    }

    JsonNode integration(String id) {
        Api.Response r = api.get("/api/integrations/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    long statistic(String id, String name) {
        return integration(id).at("/statistics/" + name).asLong();
    }

    /** Publishes and waits for the broker's acknowledgement (QoS 1/2: the message is stored). */
    void publish(String topic, byte[] payload, int qos) throws MqttException {
        if (publisher == null) {
            publisher = new MqttClient("tcp://127.0.0.1:" + platform.broker().tcpPort(), "api-test-device",
                    new MemoryPersistence());
            publisher.connect();
        }
        publisher.publish(topic, payload, qos, false);
    }

    @Override
    public void close() throws Exception {
        try {
            if (publisher != null) {
                if (publisher.isConnected()) {
                    publisher.disconnect();
                }
                publisher.close();
            }
        } finally {
            platform.close();
            TestPluginProbe.reset();
        }
    }
}
