package io.tributary.admin.guard;

import io.tributary.admin.AdminFixture;
import io.tributary.admin.AdminHardening;
import io.tributary.admin.AdminServer;
import io.tributary.admin.Bodies;
import io.tributary.admin.auth.AdminCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin's defences besides authentication, over real HTTP: requests a cross-site page could
 * make with the browser's cached Basic credentials are refused, bodies are limited per route,
 * and password guessing is throttled.
 */
class AdminHardeningApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    AdminFixture admin;
    String id;

    @BeforeEach
    void start() {
        admin = AdminFixture.start(dir);
        java.util.Map<String, Object> body = Bodies.integration("guarded");
        body.put("enabled", true);
        id = admin.api.post("/api/integrations", body).json().get("id").asString();
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    private HttpResponse<String> post(int port, String path, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", basic(AdminFixture.PASSWORD));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    private boolean enabled() {
        return admin.api.get("/api/integrations/" + id).json().get("enabled").asBoolean();
    }

    @Test
    void bodiesAPlainFormCouldSendAreRefusedOnTheApiWithBasicCredentials() throws Exception {
        int port = admin.server.port();
        for (String type : new String[]{"application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"}) {
            HttpResponse<String> r = post(port, "/api/integrations/" + id + "/disable", type, "a=b");
            assertThat(r.statusCode()).as(type).isEqualTo(415);
            assertThat(r.body()).contains("Content-Type: application/json");
        }
        assertThat(enabled()).isTrue();
        assertThat(post(port, "/api/integrations/" + id + "/disable", "application/json", "").statusCode())
                .isEqualTo(200);
        assertThat(enabled()).isFalse();
    }

    @Test
    void anotherOriginOrACrossSiteFetchIsRefusedWhateverTheBody() throws Exception {
        int port = admin.server.port();
        HttpResponse<String> foreign = post(port, "/api/integrations/" + id + "/disable", "application/json", "",
                "Origin", "http://evil.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("Cross-site request refused");
        assertThat(post(port, "/api/integrations/" + id + "/disable", "application/json", "",
                "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(post(port, "/api/integrations/" + id + "/disable", "application/json", "",
                "Sec-Fetch-Site", "same-site").statusCode()).isEqualTo(403);
        assertThat(enabled()).isTrue();
        assertThat(post(port, "/api/integrations/" + id + "/disable", "application/json", "",
                "Origin", "http://127.0.0.1:" + port, "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(200);
    }

    @Test
    void aMultipartUploadNeedsAHeaderNoFormCanSet() throws Exception {
        HttpResponse<String> r = post(admin.server.port(), "/api/plugins", "multipart/form-data; boundary=x",
                "--x--\r\n");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("X-Requested-With");
    }

    @Test
    void bodiesAreLimitedPerRoute() throws Exception {
        try (AdminServer strict = strictServer(2048)) {
            int port = strict.port();
            HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + "x".repeat(9000))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(413);
            assertThat(login.body()).contains("at most 8192");
            String big = "{\"name\":\"" + "n".repeat(3000) + "\"}";
            HttpResponse<String> json = post(port, "/api/integrations", "application/json", big);
            assertThat(json.statusCode()).isEqualTo(413);
            assertThat(json.body()).contains("Request body too large").contains("at most 2048");
            // the plugin upload limit applies to the upload route only: 3 kB is not too large there
            HttpResponse<String> upload = post(port, "/api/plugins", "multipart/form-data; boundary=x", big,
                    "X-Requested-With", "test");
            assertThat(upload.statusCode()).isNotEqualTo(413);
        }
    }

    private AdminServer strictServer(long maxRequestBytes) {
        AdminCredentials credentials = new AdminCredentials(null, "admin", AdminFixture.PASSWORD, p -> { });
        return new AdminServer(admin.service, admin.catalog, admin.events, admin.runtime, admin.deadLetters,
                credentials)
                .hardening(new AdminHardening(4, Duration.ofMinutes(5), Duration.ofSeconds(30), maxRequestBytes))
                .start(0, "127.0.0.1");
    }

    @Test
    void guessingBasicCredentialsIsThrottledBeforeThePasswordIsChecked() throws Exception {
        try (AdminServer strict = strictServer(1 << 20)) {
            URI uri = URI.create("http://127.0.0.1:" + strict.port() + "/api/integrations");
            for (String password : new String[]{"guess-number-1", "guess-number-2"}) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", basic(password))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(401);
            }
            HttpResponse<String> right = HTTP.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", basic(AdminFixture.PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(right.statusCode()).isEqualTo(429);
            assertThat(right.headers().firstValue("Retry-After")).hasValueSatisfying(
                    s -> assertThat(Long.parseLong(s)).isBetween(25L, 30L));
            assertThat(right.body()).contains("Too many failed logins");
            // the login form from the same address waits too
            HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + strict.port()
                            + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", "tributary_login=t")
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=t&username=admin&password=x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(form.statusCode()).isEqualTo(429);
            assertThat(form.body()).contains("Too many failed logins");
        }
    }
}
