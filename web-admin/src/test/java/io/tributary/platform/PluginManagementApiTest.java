package io.tributary.platform;

import io.tributary.admin.AdminModule;
import io.tributary.config.TributaryConfig;
import io.tributary.plugin.host.TestPlugins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
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
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upload, disable, enable and delete plugins over the REST API; bad archives are refused with
 * their reason and change nothing.
 */
class PluginManagementApiTest {
    private static final String PASSWORD = "plugins-secret";
    private static final String BOUNDARY = "----tributary-test-boundary";

    @TempDir
    Path dir;
    private Platform platform;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("data.dir", dir.resolve("data").toString());
        cfg.put("plugins.dir", Files.createDirectories(dir.resolve("plugins")).toString());
        cfg.put("mqtt.bind", "127.0.0.1");
        cfg.put("mqtt.port", "0");
        cfg.put("mqtt.ws.port", "-1");
        cfg.put("admin.bind", "127.0.0.1");
        cfg.put("admin.port", "0");
        cfg.put("admin.password", PASSWORD);
        platform = new Platform(TributaryConfig.of(cfg)).start();
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    private HttpResponse<String> call(String method, String path, byte[] multipartFile, String fileName,
                                      boolean authenticated) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + platform.module(AdminModule.class).port() + path));
        if (authenticated) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        if (multipartFile != null) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + fileName + "\"\r\nContent-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(multipartFile);
            body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            b.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .header("X-Requested-With", "test") // what a script sends; a cross-site form cannot
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String pluginsDirListing() throws Exception {
        try (var files = Files.list(dir.resolve("plugins"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().toString();
        }
    }

    @Test
    void uploadDisableEnableAndDeleteAPlugin() throws Exception {
        byte[] zip = Files.readAllBytes(TestPlugins.build(dir.resolve("build")));
        assertThat(call("POST", "/api/plugins", zip, "test.zip", false).statusCode()).isEqualTo(401);

        HttpResponse<String> uploaded = call("POST", "/api/plugins", zip, "test.zip", true);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        assertThat(uploaded.body()).contains("\"id\":\"" + TestPlugins.PLUGIN_ID + "\"").contains("TEST");
        assertThat(call("GET", "/api/integration-types", null, null, true).body()).contains("\"type\":\"TEST\"");

        HttpResponse<String> again = call("POST", "/api/plugins", zip, "test.zip", true);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("\"reason\":\"DUPLICATE_PLUGIN\"");

        assertThat(call("POST", "/api/plugins/" + TestPlugins.PLUGIN_ID + "/disable", null, null, true).body())
                .contains("DISABLED");
        assertThat(call("GET", "/api/integration-types", null, null, true).body()).doesNotContain("\"type\":\"TEST\"");
        assertThat(call("POST", "/api/plugins/" + TestPlugins.PLUGIN_ID + "/enable", null, null, true).statusCode())
                .isEqualTo(200);
        assertThat(call("GET", "/api/integration-types", null, null, true).body()).contains("\"type\":\"TEST\"");

        assertThat(call("DELETE", "/api/plugins/" + TestPlugins.PLUGIN_ID, null, null, true).statusCode())
                .isEqualTo(204);
        assertThat(pluginsDirListing()).isEqualTo("[]");
        assertThat(call("DELETE", "/api/plugins/" + TestPlugins.PLUGIN_ID, null, null, true).statusCode())
                .isEqualTo(404);
    }

    @Test
    void corruptAndUnsafeArchivesAreRefusedAndChangeNothing() throws Exception {
        HttpResponse<String> corrupt = call("POST", "/api/plugins", "not a zip at all".getBytes(), "x.zip", true);
        assertThat(corrupt.statusCode()).isEqualTo(400);
        assertThat(corrupt.body()).contains("\"field\":\"file\"");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("plugin.properties"));
            zip.write("plugin.id=evil\nplugin.version=1.0.0\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("../../escaped.txt"));
            zip.write("outside".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> slip = call("POST", "/api/plugins", bytes.toByteArray(), "evil.zip", true);
        assertThat(slip.statusCode()).isEqualTo(400);
        assertThat(slip.body()).contains("\"reason\":\"UNSAFE_ENTRY\"");
        assertThat(Files.exists(dir.resolve("escaped.txt"))).isFalse();
        assertThat(Files.exists(dir.getParent().resolve("escaped.txt"))).isFalse();
        assertThat(pluginsDirListing()).isEqualTo("[]");

        HttpResponse<String> missing = call("POST", "/api/plugins", null, null, true);
        assertThat(missing.statusCode()).isEqualTo(400);
    }
}
