package io.tributary.http.platform;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.tributary.http.TestServer;
import io.tributary.http.TestServer.Answer;
import io.tributary.plugin.testkit.AdminClient;
import io.tributary.plugin.testkit.PluginTestKit;
import io.tributary.plugin.testkit.TestPlatform;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of HTTP secret (basic password, bearer token, secret headers, a token in the URL's
 * query) given to real integrations on the real platform, whose endpoint echoes the request's
 * credentials back in its error answers: never in an API answer, a UI page, an event, a check
 * answer or a log line, and never in clear in any file under the data dir.
 */
class HttpSecretsPlatformIT {
    private static final String ADMIN_PASSWORD = "http-secrets-admin-pw";
    private static final String BASIC_PW = "basic-pw-3391";
    private static final String BEARER = "bearer-token-7702";
    private static final String API_KEY = "api-key-value-1184";
    private static final String AUTHORIZATION = "Custom auth-header-5530";
    private static final String QUERY_TOKEN = "query-token-4471";
    private static final List<String> SECRETS = List.of(BASIC_PW, BEARER, API_KEY, "auth-header-5530", QUERY_TOKEN);

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private TestPlatform platform;
    private AdminClient admin;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        logged.start();
        root().addAppender(logged);
        platform = TestPlatform.builder().plugin(PluginTestKit.builtZip())
                .config("admin.password", ADMIN_PASSWORD)
                .config("data.dir", dir.resolve("data").toString()) // kept after close, to be searched
                .config("integration.retry-initial-ms", "200")
                .start();
        admin = platform.admin();
        // every request fails with the credentials it carried in the body, as echo services do
        server = TestServer.http().answer(Answer.status(500))
                .echoHeaders("Authorization", "X-Api-Key");
    }

    @AfterEach
    void stop() {
        root().detachAppender(logged);
        server.close();
        if (platform != null) {
            platform.close();
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private Map<String, Object> basic() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("restEndpointUrl", server.url("/basic?site=a"));
        c.put("queryParameters", Map.of("token", QUERY_TOKEN));
        c.put("authType", "basic");
        c.put("username", "device-user");
        c.put("password", BASIC_PW);
        c.put("headers", Map.of("X-Api-Key", API_KEY));
        return c;
    }

    private Map<String, Object> bearer() {
        return new LinkedHashMap<>(Map.of("restEndpointUrl", server.url("/bearer"), "authType", "bearer",
                "token", BEARER));
    }

    private Map<String, Object> header() {
        return new LinkedHashMap<>(Map.of("restEndpointUrl", server.url("/header"),
                "headers", Map.of("Authorization", AUTHORIZATION)));
    }

    private static Map<String, Object> body(String name, Map<String, Object> client) {
        return Map.of("name", name, "type", "HTTP",
                "configuration", Map.of("topicFilters", List.of("s/#"), "clientConfiguration", client,
                        "metadata", Map.of()),
                "sample", Map.of("topic", "s/1", "payload", "{\"t\":1}"));
    }

    @Test
    void noHttpSecretLeavesInClear() throws Exception {
        List<String> seen = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> c : Map.of("basic", basic(), "bearer", bearer(),
                "header", header()).entrySet()) {
            AdminClient.Response created = admin.request("POST", "/api/integrations", body(c.getKey(), c.getValue()));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            seen.add(created.body());
            @SuppressWarnings("unchecked")
            String id = (String) ((Map<String, Object>) created.json()).get("id");
            ids.add(id);
            admin.awaitStatus(id, "ACTIVE", Duration.ofSeconds(20));
        }
        MqttClient device = new MqttClient(platform.mqttUri(), "secret-device", new MemoryPersistence());
        device.connect(new MqttConnectOptions());
        device.publish("s/1", "{\"t\":1}".getBytes(StandardCharsets.UTF_8), 1, false);
        device.disconnect();
        device.close();

        // the endpoint got every credential in clear (the plugin has them) and answered with them
        List<TestServer.Received> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            got.addAll(server.drain());
            return got.stream().map(TestServer.Received::pathAndQuery).map(p -> p.replaceAll("\\?.*", ""))
                    .distinct().count() == 3;
        });
        assertThat(got.stream().map(r -> r.header("authorization")).toList())
                .contains("Bearer " + BEARER, AUTHORIZATION);
        assertThat(got.stream().map(TestServer.Received::pathAndQuery).toList()).contains("/basic?site=a&token=" + QUERY_TOKEN);
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !admin.events(id, "ERROR", 10).isEmpty());
        }

        for (String id : ids) {
            seen.add(admin.request("GET", "/api/integrations/" + id, null).body());
            seen.add(admin.request("GET", "/api/integrations/" + id + "/events", null).body());
        }
        seen.add(admin.request("GET", "/api/integrations", null).body());
        for (Map<String, Object> c : List.of(basic(), bearer(), header())) {
            AdminClient.Response check = admin.request("POST", "/api/integrations/check", body("checked", c));
            assertThat(check.status()).as(check.body()).isEqualTo(200);
            seen.add(check.body());
        }
        // a credential in the URL itself is refused: the URL is stored and shown in clear
        Map<String, Object> inUrl = basic();
        inUrl.put("restEndpointUrl", server.url("/basic?token=" + QUERY_TOKEN));
        inUrl.remove("queryParameters");
        AdminClient.Response refused = admin.request("POST", "/api/integrations", body("in-url", inUrl));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("restEndpointUrl", "query parameter 'token' looks like a credential");
        seen.add(refused.body());
        String session = admin.browserSession();
        seen.add(admin.page("/integrations", session));
        for (String id : ids) {
            seen.add(admin.page("/integrations/" + id, session));
        }
        assertThat(seen).allSatisfy(text -> SECRETS.forEach(s -> assertThat(text).doesNotContain(s)));
        assertThat(String.join("\n", seen)).contains("******");

        Path data = dir.resolve("data");
        platform.close();
        platform = null;
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                SECRETS.forEach(s -> assertThat(content).as(f.toString()).doesNotContain(s));
            }
        }
        List<String> lines = logged.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines).allSatisfy(l -> SECRETS.forEach(s -> assertThat(l).doesNotContain(s)));
    }
}
