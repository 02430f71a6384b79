package io.tributary.admin.ui;

import com.sun.net.httpserver.HttpServer;
import io.tributary.admin.Api;
import io.tributary.plugin.host.TestPlugins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page of another site, opened in the admin's own browser, tries to change the admin with what
 * the browser attaches by itself: HTTP Basic credentials it has cached, and the session cookie.
 * Both are refused; the admin's own pages still work.
 */
class CrossSiteUiTest {
    @TempDir
    Path dir;
    UiPlatform ui;
    HttpServer evil;
    Api api;
    String id;

    @BeforeEach
    void start() throws Exception {
        ui = UiPlatform.start(dir);
        api = new Api(ui.admin().port(), "admin", UiPlatform.PASSWORD);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "target");
        body.put("type", TestPlugins.TYPE);
        body.put("enabled", true);
        body.put("configuration", Map.of("topicFilters", List.of("t/#"), "clientConfiguration",
                TestPlugins.config("ok")));
        Api.Response created = api.post("/api/integrations", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        id = created.json().get("id").asString();
        evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        evil.start();
    }

    @AfterEach
    void stop() {
        if (evil != null) {
            evil.stop(0);
        }
        if (ui != null) {
            ui.close();
        }
    }

    /** Serves a page on another site ("localhost" is another site than "127.0.0.1") that posts a form at once. */
    private String attackPage(String path, String action, String enctype, String fields) {
        String html = "<!doctype html><html><body><form id='f' method='post' enctype='" + enctype + "' action='"
                + action + "'>" + fields + "</form><script>document.getElementById('f').submit()</script>"
                + "</body></html>";
        evil.createContext(path, exchange -> {
            byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        return "http://localhost:" + evil.getAddress().getPort() + path;
    }

    private boolean enabled() {
        return api.get("/api/integrations/" + id).json().get("enabled").asBoolean();
    }

    @Test
    void aCrossSiteFormWithCachedBasicCredentialsIsRefused() {
        String admin = "127.0.0.1:" + ui.admin().port();
        // the browser caches the credentials for the admin's origin
        ui.driver.get("http://admin:" + UiPlatform.PASSWORD + "@" + admin + "/api/integrations");
        assertThat(ui.driver.getPageSource()).contains(id);

        for (String enctype : new String[]{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"}) {
            String page = attackPage("/" + enctype.replace('/', '-'), "http://" + admin + "/api/integrations/" + id
                    + "/disable", enctype, "<input name='{\"a\":\"' value='\"}'>");
            ui.driver.get(page);
            ui.waitUntil(d -> d.getCurrentUrl().contains("/disable"));
            // the credentials were sent (no 401): the cross-site check refused the request
            assertThat(ui.driver.getPageSource()).as(enctype).contains("Cross-site request refused");
            assertThat(enabled()).as(enctype).isTrue();
        }
    }

    @Test
    void aCrossSiteFormWithTheSessionCookieIsRefusedAndTheOwnUiStillWorks() {
        ui.login();
        String page = attackPage("/session", "http://127.0.0.1:" + ui.admin().port() + "/integrations/" + id
                + "/disable", "application/x-www-form-urlencoded", "<input name='x' value='y'>");
        ui.driver.get(page);
        ui.waitUntil(d -> d.getCurrentUrl().contains("/disable"));
        assertThat(enabled()).isTrue();

        // the admin's own form, same origin with its CSRF token, does what the attacker could not
        ui.go("/integrations/" + id);
        ui.waitFor(By.id("disable-integration")).click();
        ui.waitUntil(d -> !enabled());
    }
}
