package io.tributary.kafka.platform;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.tributary.kafka.TestCluster;
import io.tributary.plugin.testkit.AdminClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpResponse;
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
 * Every kind of Kafka secret, given to a real integration on the real platform (the plugin zip
 * loaded by PF4J, SASL against the in-process KRaft broker): never in an API answer, a UI page,
 * an event, a check answer or a log line, and never in clear in any file under the data dir.
 */
class KafkaSecretsPlatformIT {
    private static final String TRUSTSTORE_PW = "truststore-pw-5193";
    private static final String KEYSTORE_PW = "keystore-pw-7731";
    private static final String KEY_PW = "key-pw-2286";
    private static final String OAUTH_SECRET = "oauth-client-secret-9917";
    private static final String REGISTRY_USER_INFO = "registry:registry-pw-4410";
    private static final String CUSTOM_TOKEN = "custom-token-6620";
    private static final List<String> SECRETS = List.of(TestCluster.PASSWORD, "wrong-pw-8812", TRUSTSTORE_PW,
            KEYSTORE_PW, KEY_PW, OAUTH_SECRET, REGISTRY_USER_INFO, CUSTOM_TOKEN);

    private static TestCluster kafka;

    @TempDir
    Path dir;
    private PlatformWithKafkaPlugin platform;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = TestCluster.withSecurity();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @BeforeEach
    void start() throws Exception {
        logged.start();
        root().addAppender(logged);
        platform = new PlatformWithKafkaPlugin(dir, Map.of());
    }

    @AfterEach
    void stop() {
        root().detachAppender(logged);
        if (platform != null) {
            platform.close();
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static String body(String name, String jaasPassword) {
        Map<String, String> other = new LinkedHashMap<>();
        other.put("security.protocol", "SASL_PLAINTEXT");
        other.put("sasl.mechanism", "PLAIN");
        other.put("sasl.jaas.config", TestCluster.jaas(TestCluster.USER, jaasPassword));
        // unused by SASL_PLAINTEXT, but stored, shown and logged like any value would be
        other.put("ssl.truststore.password", TRUSTSTORE_PW);
        other.put("ssl.keystore.password", KEYSTORE_PW);
        other.put("ssl.key.password", KEY_PW);
        other.put("sasl.oauthbearer.client.credentials.client.secret", OAUTH_SECRET);
        other.put("basic.auth.user.info", REGISTRY_USER_INFO);
        other.put("x.custom.token", CUSTOM_TOKEN);
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("bootstrapServers", kafka.saslPlaintextBootstrap());
        client.put("topic", "secrets.messages");
        client.put("otherProperties", other);
        try {
            return PlatformWithKafkaPlugin.JSON.writeValueAsString(Map.of("name", name, "type", "KAFKA",
                    "configuration", Map.of("topicFilters", List.of("tbmq/#"), "clientConfiguration", client,
                            "metadata", Map.of()),
                    "sample", Map.of("topic", "tbmq/secrets", "payload", "{\"t\":1}")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void noKafkaSecretLeavesInClear() throws Exception {
        kafka.createTopic("secrets.messages", 1);
        List<String> seen = new ArrayList<>();
        HttpResponse<String> created = platform.api("POST", "/api/integrations", body("secretive", TestCluster.PASSWORD));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = PlatformWithKafkaPlugin.JSON.readTree(created.body()).get("id").asString();
        seen.add(created.body());
        await().atMost(Duration.ofSeconds(30)).until(() -> platform.status(id).equals("ACTIVE"));

        // the secrets work: a message reaches Kafka through SASL
        MqttClient device = new MqttClient(platform.mqttUri(), "secret-device", new MemoryPersistence());
        device.connect(new MqttConnectOptions());
        device.publish("tbmq/secrets", "s".getBytes(StandardCharsets.UTF_8), 1, false);
        device.disconnect();
        device.close();
        assertThat(kafka.consume("secrets.messages", 1, Duration.ofSeconds(20))).hasSize(1);

        // a second one with a wrong password: its error events and the failed check must not echo it
        HttpResponse<String> wrong = platform.api("POST", "/api/integrations", body("wrong", "wrong-pw-8812"));
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(201);
        String wrongId = PlatformWithKafkaPlugin.JSON.readTree(wrong.body()).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                platform.api("GET", "/api/integrations/" + wrongId + "/events?type=ERROR", null).body())
                .contains("Authentication failed"));

        seen.add(platform.api("GET", "/api/integrations", null).body());
        seen.add(platform.api("GET", "/api/integrations/" + id, null).body());
        seen.add(platform.api("GET", "/api/integrations/" + id + "/events", null).body());
        seen.add(platform.api("GET", "/api/integrations/" + wrongId + "/events", null).body());
        HttpResponse<String> check = platform.api("POST", "/api/integrations/check", body("checked", TestCluster.PASSWORD));
        assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
        seen.add(check.body());
        HttpResponse<String> failedCheck = platform.api("POST", "/api/integrations/check", body("checked", "wrong-pw-8812"));
        assertThat(failedCheck.body()).contains("\"ok\":false");
        seen.add(failedCheck.body());
        AdminClient browser = AdminClient.of(URI.create("http://127.0.0.1:" + platform.adminPort()), "admin",
                PlatformWithKafkaPlugin.PASSWORD);
        String session = browser.browserSession();
        seen.add(browser.page("/integrations", session));
        seen.add(browser.page("/integrations/" + id, session));
        // an update that sends the masks back keeps the stored secrets
        HttpResponse<String> masked = platform.api("PUT", "/api/integrations/" + id,
                PlatformWithKafkaPlugin.JSON.writeValueAsString(updateBody(id)));
        assertThat(masked.statusCode()).as(masked.body()).isEqualTo(200);
        seen.add(masked.body());
        assertThat(seen).allSatisfy(text -> SECRETS.forEach(s -> assertThat(text).doesNotContain(s)));
        assertThat(seen.get(2)).contains("******");

        platform.close();
        platform = null;
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
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

    /** The integration as the API shows it (secrets masked), sent back with a new name. */
    private Map<String, Object> updateBody(String id) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> view = PlatformWithKafkaPlugin.JSON.readValue(
                platform.api("GET", "/api/integrations/" + id, null).body(), LinkedHashMap.class);
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("name", "secretive renamed");
        update.put("type", "KAFKA");
        update.put("configuration", view.get("configuration"));
        return update;
    }
}
