package io.tributary.kafka.platform;

import io.tributary.admin.AdminModule;
import io.tributary.config.TributaryConfig;
import io.tributary.platform.Platform;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The real platform with the packaged Kafka plugin zip (built by {@code mvn package}) in its
 * plugins directory, loaded through PF4J like any third-party plugin, and a REST client.
 */
final class PlatformWithKafkaPlugin implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PASSWORD = "it-admin-password";

    private final Platform platform;
    private final HttpClient http = HttpClient.newHttpClient();

    PlatformWithKafkaPlugin(Path dir, Map<String, String> extra) throws Exception {
        Path zip = Path.of(System.getProperty("plugin.zip", "target/kafka-integration-0.1.0-SNAPSHOT.zip"));
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Plugin zip " + zip + " not built: run mvn verify");
        }
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(zip, plugins.resolve(zip.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> cfg = new HashMap<>();
        cfg.put("node.id", "it-node");
        cfg.put("data.dir", dir.resolve("data").toString());
        cfg.put("plugins.dir", plugins.toString());
        cfg.put("mqtt.bind", "127.0.0.1");
        cfg.put("mqtt.port", "0");
        cfg.put("mqtt.ws.port", "-1");
        cfg.put("admin.bind", "127.0.0.1");
        cfg.put("admin.port", "0");
        cfg.put("admin.password", PASSWORD);
        cfg.putAll(extra);
        platform = new Platform(TributaryConfig.of(cfg)).start();
    }

    Platform platform() {
        return platform;
    }

    int adminPort() {
        return platform.module(AdminModule.class).port();
    }

    String mqttUri() {
        return "tcp://127.0.0.1:" + platform.broker().tcpPort();
    }

    HttpResponse<String> api(String method, String path, String body) throws Exception {
        int port = platform.module(AdminModule.class).port();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Creates an integration and returns its id; fails the test on any non-201 answer. */
    String create(String json) throws Exception {
        HttpResponse<String> r = api("POST", "/api/integrations", json);
        if (r.statusCode() != 201) {
            throw new AssertionError("create answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).get("id").asString();
    }

    JsonNode get(String id) throws Exception {
        return JSON.readTree(api("GET", "/api/integrations/" + id, null).body());
    }

    String status(String id) throws Exception {
        return get(id).get("status").get("status").asString();
    }

    @Override
    public void close() {
        platform.close();
    }
}
