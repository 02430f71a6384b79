package io.tributary.admin.auth;

import io.tributary.admin.AdminFixture;
import io.tributary.admin.AdminServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route in Javalin's route table (not a hand-kept list) refuses requests without a login:
 * pages redirect a GET to the login page and answer 401 otherwise; {@code /api} answers 401.
 * With a session, every request that changes something needs the CSRF token.
 */
class AccessControlTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient(); // follows no redirects
    @TempDir
    Path dir;
    AdminFixture admin;

    @BeforeEach
    void start() {
        admin = AdminFixture.start(dir);
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + admin.server.port() + path;
    }

    private static String concrete(String pattern) {
        return pattern.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
    }

    private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .method(method, method.equals("GET") || method.equals("HEAD") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("a=b"));
        if (headers.length > 0) {
            b.headers(headers);
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRouteRefusesRequestsWithoutALogin() throws Exception {
        List<AdminServer.Route> routes = admin.server.routes();
        assertThat(routes).as("pages and API are all in the table")
                .contains(new AdminServer.Route("GET", "/integrations"), new AdminServer.Route("GET", "/websocket"),
                        new AdminServer.Route("POST", "/api/integrations/check"),
                        new AdminServer.Route("GET", "/api/integrations/{id}/events"),
                        new AdminServer.Route("GET", "/api/integrations/{id}/dead-letters"),
                        new AdminServer.Route("POST", "/api/integrations/{id}/dead-letters/replay"),
                        new AdminServer.Route("POST", "/api/integrations/{id}/dead-letters/purge"),
                        new AdminServer.Route("GET", "/integrations/{id}/delete"),
                        new AdminServer.Route("POST", "/integrations/{id}/dead-letters/replay"),
                        new AdminServer.Route("POST", "/integrations/{id}/dead-letters/purge"),
                        new AdminServer.Route("GET", "/api/cluster"), new AdminServer.Route("DELETE", "/api/cluster/nodes/{nodeId}"),
                        new AdminServer.Route("GET", "/cluster"), new AdminServer.Route("POST", "/cluster/nodes/{nodeId}/remove"));
        int checked = 0;
        for (AdminServer.Route route : routes) {
            String path = concrete(route.path());
            if (AccessFilter.isPublic(path)) {
                continue;
            }
            HttpResponse<String> r = send(route.method(), path);
            if (path.startsWith("/api")) {
                assertThat(r.statusCode()).as(route.toString()).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).as(route.toString()).isPresent();
            } else if (route.method().equals("GET")) {
                assertThat(r.statusCode()).as(route.toString()).isEqualTo(302);
                assertThat(r.headers().firstValue("Location").orElseThrow()).as(route.toString())
                        .startsWith("/login?next=");
            } else {
                assertThat(r.statusCode()).as(route.toString()).isEqualTo(401);
            }
            // HTTP Basic opens the API, not the pages
            HttpResponse<String> basic = send(route.method(), path, "Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((AdminFixture.USER + ":" + AdminFixture.PASSWORD).getBytes(StandardCharsets.UTF_8)));
            if (!path.startsWith("/api")) {
                assertThat(basic.statusCode()).as("Basic on " + route).isIn(302, 401);
            } else {
                assertThat(basic.statusCode()).as("Basic on " + route).isNotEqualTo(401);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(20);
        assertThat(send("GET", "/login").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/static/app.css").statusCode()).isEqualTo(200);
    }

    @Test
    void withASessionEveryChangeNeedsTheCsrfToken() throws Exception {
        String session = login();
        for (AdminServer.Route route : admin.server.routes()) {
            String path = concrete(route.path());
            if (route.method().equals("GET") || AccessFilter.isPublic(path)) {
                continue;
            }
            HttpResponse<String> r = send(route.method(), path, "Cookie", session);
            assertThat(r.statusCode()).as(route.toString()).isEqualTo(403);
        }
        // the session opens the pages and the API
        assertThat(send("GET", "/integrations", "Cookie", session).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/integrations", "Cookie", session).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/logout", "Cookie", session).statusCode()).as("no CSRF, no logout").isEqualTo(403);
    }

    @Test
    void theLoginFormNeedsItsOwnCsrfTokenAndTheRightPassword() throws Exception {
        HttpResponse<String> noToken = HTTP.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + AdminFixture.PASSWORD))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.headers().firstValue("Set-Cookie").orElse("")).doesNotContain(AdminSessions.COOKIE + "=");
    }

    /** Logs in like a browser; returns the session cookie ("name=value"). */
    private String login() throws Exception {
        HttpResponse<String> page = send("GET", "/login");
        String loginCookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).isTrue();
        String form = "_csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8) + "&username=admin&password="
                + URLEncoder.encode(AdminFixture.PASSWORD, StandardCharsets.UTF_8) + "&next=%2Fintegrations";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", loginCookie)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/integrations");
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(AdminSessions.COOKIE + "="))
                .findFirst().orElseThrow().split(";")[0];
    }
}
