package io.tributary.platform;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.tributary.admin.Api;
import io.tributary.admin.AdminModule;
import io.tributary.admin.auth.AdminSessions;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.plugin.host.TestPlugins;
import io.tributary.secrets.SecretBox;
import io.tributary.secrets.SecretKeys;
import io.tributary.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An integration with each kind of secret the platform knows (a SECRET field, a secret key of a
 * map) on the real platform: the secrets never appear in an API answer, a UI page, an event, a
 * log line or a check answer, and never in clear in the SQLite files; they survive restarts, a
 * key rotation, and a wrong key stops the start.
 */
class SecretsEndToEndTest {
    private static final String SECRET = "field-s3cret-value-1";
    private static final String MAP_SECRET = "map-s3cret-value-2";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    RunningPlatform running;
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logged);
    }

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logged);
        if (running != null) {
            running.close();
        }
    }

    private static Map<String, Object> body(String password, String token) {
        Map<String, Object> client = new LinkedHashMap<>(TestPlugins.config("ok"));
        client.put("endpoint", "test://sink");
        client.put("password", password);
        client.put("headers", Map.of("x-token", token, "x-id", "7"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "secretive");
        body.put("type", TestPlugins.TYPE);
        body.put("enabled", true);
        body.put("configuration", Map.of("topicFilters", List.of("s/#"), "clientConfiguration", client));
        return body;
    }

    @Test
    void secretsNeverLeaveInClearAndSurviveARestartAndAKeyRotation() throws Exception {
        running = RunningPlatform.start(dir, Map.of());
        Api api = running.api;
        List<String> seen = new ArrayList<>();
        Api.Response created = api.post("/api/integrations", body(SECRET, MAP_SECRET));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        seen.add(created.body());
        seen.add(api.get("/api/integrations").body());
        seen.add(api.get("/api/integrations/" + id).body());
        seen.add(api.put("/api/integrations/" + id, body("******", "******")).body()); // masks keep the secrets
        seen.add(api.post("/api/integrations/check", body(SECRET, MAP_SECRET)).body());
        seen.add(api.get("/api/integrations/" + id + "/events").body());
        String session = login();
        seen.add(page("/integrations", session));
        seen.add(page("/integrations/" + id, session));
        assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(SECRET).doesNotContain(MAP_SECRET));
        assertThat(api.get("/api/integrations/" + id).json().at("/configuration/clientConfiguration/password")
                .asString()).isEqualTo("******");

        // the plugin gets them in clear
        assertThat(clearPassword(id)).isEqualTo(SECRET);
        running.close();
        running = null;
        assertNotInFiles();
        assertThat(logLines()).allSatisfy(l -> assertThat(l).doesNotContain(SECRET).doesNotContain(MAP_SECRET));

        // a wrong key stops the start with a clear message, not garbage handed to plugins
        String oldKey = Files.readString(dir.resolve("data/secret.key")).trim();
        String newKey = SecretKeys.generate();
        assertThatThrownBy(() -> RunningPlatform.start(dir, Map.of("secret.key", newKey)))
                .hasMessageContaining("secret key does not match");

        // rotation: the old key as previous, the new one as current; afterwards the new one alone
        running = RunningPlatform.start(dir, Map.of("secret.key", newKey, "secret.key-previous", oldKey));
        assertThat(clearPassword(id)).isEqualTo(SECRET);
        running.close();
        running = null;
        running = RunningPlatform.start(dir, Map.of("secret.key", newKey));
        assertThat(clearPassword(id)).isEqualTo(SECRET);
        assertThat(running.integration(id).at("/status/status").asString()).isEqualTo("ACTIVE");
        running.close();
        running = null;
        assertNotInFiles();
    }

    @Test
    void secretsStoredInClearBeforeEncryptionAreEncryptedAtStart() throws Exception {
        running = RunningPlatform.start(dir, Map.of());
        String id = running.api.post("/api/integrations", body(SECRET, MAP_SECRET)).json().get("id").asString();
        running.close();
        running = null;
        // as a version before schema 4 left it: secrets in clear, row not marked
        try (Database db = Database.open(dir.resolve("data/tributary.db"))) {
            db.jdbi().useHandle(h -> h.createUpdate("UPDATE integrations SET configuration = :c, secrets_sealed = 0")
                    .bind("c", "{\"topicFilters\":[\"s/#\"],\"clientConfiguration\":{\"mode\":\"ok\",\"endpoint\":"
                            + "\"test://sink\",\"password\":\"" + SECRET + "\",\"headers\":{\"x-token\":\""
                            + MAP_SECRET + "\",\"x-id\":\"7\"}}}").execute());
        }
        running = RunningPlatform.start(dir, Map.of());
        assertThat(clearPassword(id)).isEqualTo(SECRET);
        running.close();
        running = null;
        assertNotInFiles();
        try (Database db = Database.open(dir.resolve("data/tributary.db"))) {
            String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT configuration FROM integrations")
                    .mapTo(String.class).one());
            assertThat(stored).contains(SecretBox.PREFIX).contains("\"x-id\":\"7\"");
        }
    }

    @Test
    void clearSecretsWaitForTheirPluginAndAreEncryptedWhenItAppears() throws Exception {
        secretsStoredInClearBeforeEncryptionAreEncryptedAtStart(); // leaves an encrypted row
        try (Database db = Database.open(dir.resolve("data/tributary.db"))) {
            db.jdbi().useHandle(h -> h.createUpdate("UPDATE integrations SET configuration = :c, secrets_sealed = 0")
                    .bind("c", "{\"topicFilters\":[\"s/#\"],\"clientConfiguration\":{\"mode\":\"ok\",\"password\":\""
                            + SECRET + "\",\"headers\":{\"x-token\":\"" + MAP_SECRET + "\"}}}").execute());
        }
        Path zip;
        try (Stream<Path> files = Files.list(dir.resolve("plugins"))) {
            zip = files.filter(f -> f.toString().endsWith(".zip")).findFirst().orElseThrow();
        }
        Path aside = Files.move(zip, dir.resolve(zip.getFileName()));
        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("data.dir", dir.resolve("data").toString());
        cfg.put("plugins.dir", dir.resolve("plugins").toString());
        cfg.put("mqtt.bind", "127.0.0.1");
        cfg.put("mqtt.port", "0");
        cfg.put("mqtt.ws.port", "-1");
        cfg.put("admin.port", "-1");
        cfg.put("plugins.watch-interval-ms", "200");
        try (Platform platform = new Platform(io.tributary.config.TributaryConfig.of(cfg)).start()) {
            assertThat(sealedFlag(platform)).as("plugin missing").isZero();
            Files.copy(aside, zip);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                    .until(() -> sealedFlag(platform) == 1);
        }
        assertNotInFiles();
    }

    private static int sealedFlag(Platform platform) {
        Integer flag = platform.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT secrets_sealed FROM integrations").mapTo(Integer.class).one());
        return flag;
    }

    /** What the plugin would be started with: the stored secret, decrypted. */
    private String clearPassword(String id) {
        IntegrationDefinition shown = running.platform.integrations().get(id);
        return running.platform.integrations().validate(shown).config().getString("password");
    }

    private void assertNotInFiles() throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(content).as(f.toString()).doesNotContain(SECRET).doesNotContain(MAP_SECRET);
            }
        }
    }

    private List<String> logLines() {
        return logged.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + running.platform.module(AdminModule.class).port() + path;
    }

    private String page(String path, String session) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).header("Cookie", session)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    private String login() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(url("/login"))).build(),
                HttpResponse.BodyHandlers.ofString());
        String loginCookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).isTrue();
        String form = "_csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8) + "&username=admin&password="
                + URLEncoder.encode(RunningPlatform.PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", loginCookie)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(AdminSessions.COOKIE + "="))
                .findFirst().orElseThrow().split(";")[0];
    }
}
