package io.tributary.http.platform;

import io.tributary.http.TestServer;
import io.tributary.http.TestServer.Answer;
import io.tributary.plugin.testkit.AdminClient;
import io.tributary.plugin.testkit.PluginTestKit;
import io.tributary.plugin.testkit.TestPlatform;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path through the real platform: the packaged plugin zip loaded by PF4J, the
 * integration created over REST, a Paho client publishing, a local HTTP server receiving.
 */
class HttpPlatformIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestPlatform platform;
    private static AdminClient admin;
    private TestServer server;
    private MqttClient device;

    @BeforeAll
    static void startPlatform() {
        platform = TestPlatform.builder().plugin(PluginTestKit.builtZip())
                .config("node.id", "it-node")
                .config("integration.retry-initial-ms", "200")
                .start();
        admin = platform.admin();
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    @BeforeEach
    void connect() throws Exception {
        server = TestServer.http();
        device = new MqttClient(platform.mqttUri(), "tbmq_df52bNUQ", new MemoryPersistence());
        device.connect(new MqttConnectOptions());
    }

    @AfterEach
    void disconnect() throws Exception {
        if (device.isConnected()) {
            device.disconnect();
        }
        device.close();
        server.close();
        for (Map<String, Object> i : integrations()) {
            admin.request("DELETE", "/api/integrations/" + i.get("id"), null);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> integrations() {
        Object json = admin.request("GET", "/api/integrations", null).json();
        Object data = json instanceof Map<?, ?> m ? m.get("data") : json;
        return data instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    private String httpIntegration(String name, String topicFilter, Map<String, ?> clientConfiguration) {
        String id = admin.createIntegration(name, "HTTP", List.of(topicFilter), clientConfiguration);
        admin.awaitStatus(id, "ACTIVE", WAIT);
        return id;
    }

    @Test
    void theHttpTypeIsListedWithItsForm() {
        Map<String, Object> http = admin.integrationTypes().stream().filter(t -> "HTTP".equals(t.get("type")))
                .findFirst().orElseThrow();
        assertThat(http.toString()).contains("HTTP", "restEndpointUrl", "authType", "tlsTrust");
    }

    @Test
    void aPublishedMessageArrivesAsTheJsonRecord() throws Exception {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("restEndpointUrl", server.url("/tbmq/${topicLevel[1]}"));
        config.put("headers", Map.of("X-Client", "${clientId}"));
        config.put("authType", "bearer");
        config.put("token", "it-secret-token");
        String id = httpIntegration("HTTP integration", "tbmq/#", config);
        long before = System.currentTimeMillis();
        device.publish("tbmq/http-integration", "{\"temperature\":25}".getBytes(StandardCharsets.UTF_8), 1, false);

        TestServer.Received r = server.take(WAIT);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.pathAndQuery()).isEqualTo("/tbmq/http-integration");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("Authorization")).isEqualTo("Bearer it-secret-token");
        assertThat(r.header("X-Client")).isEqualTo("tbmq_df52bNUQ");
        JsonNode record = JSON.readTree(r.body());
        assertThat(JSON.readValue(r.body(), LinkedHashMap.class).keySet()).containsExactly("payload", "topicName", "clientId", "eventType", "qos",
                "retain", "tbmqIeNode", "tbmqNode", "ts", "props", "metadata");
        assertThat(record.get("payload").asString()).isEqualTo("eyJ0ZW1wZXJhdHVyZSI6MjV9");
        assertThat(record.get("topicName").asString()).isEqualTo("tbmq/http-integration");
        assertThat(record.get("clientId").asString()).isEqualTo("tbmq_df52bNUQ");
        assertThat(record.get("eventType").asString()).isEqualTo("PUBLISH_MSG");
        assertThat(record.get("qos").asInt()).isEqualTo(1);
        assertThat(record.get("retain").asBoolean()).isFalse();
        assertThat(record.get("tbmqIeNode").asString()).isEqualTo("it-node");
        assertThat(record.get("tbmqNode").asString()).isEqualTo("it-node");
        assertThat(record.get("ts").asLong()).isBetween(before, System.currentTimeMillis());
        assertThat(record.get("metadata").get("integrationName").asString()).isEqualTo("HTTP integration");
        admin.awaitStatistic(id, "succeeded", 1, WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertThat(admin.integration(id).get("status").toString())
                .contains("connected=true"));
        assertThat(admin.request("GET", "/api/integrations/" + id, null).body()).doesNotContain("it-secret-token");
    }

    @Test
    void urlAndHeaderFromThePayloadReachTheServerAndANonJsonPayloadIsDeadLettered() throws Exception {
        String id = httpIntegration("routed", "routed/#", Map.of(
                "restEndpointUrl", server.url("/devices/${payload.device.id}?site=${payload.site:unknown}"),
                "headers", Map.of("X-Unit", "${payload.unit}")));
        device.publish("routed/a", "{\"device\":{\"id\":\"d 7\"},\"unit\":\"C\"}".getBytes(StandardCharsets.UTF_8),
                1, false);
        TestServer.Received r = server.take(WAIT);
        assertThat(r.pathAndQuery()).isEqualTo("/devices/d%207?site=unknown");
        assertThat(r.header("X-Unit")).isEqualTo("C");

        device.publish("routed/a", "plain text".getBytes(StandardCharsets.UTF_8), 1, false);
        device.publish("routed/a", "{\"device\":{\"id\":\"d8\"},\"unit\":\"F\",\"site\":\"s1\"}"
                .getBytes(StandardCharsets.UTF_8), 1, false);
        assertThat(server.take(WAIT).pathAndQuery()).isEqualTo("/devices/d8?site=s1");
        admin.awaitStatistic(id, "deadLettered", 1, WAIT);
        admin.awaitStatistic(id, "succeeded", 2, WAIT);
        assertThat(admin.events(id, "ERROR", 5).toString()).contains("the payload is not JSON");
        assertThat(admin.request("GET", "/api/integrations/" + id + "/dead-letters", null).body())
                .contains("the payload is not JSON");
    }

    @Test
    void theRawPayloadArrivesByteForByte() throws Exception {
        httpIntegration("raw", "raw/#", Map.of("restEndpointUrl", server.url("/raw"), "sendOnlyMsgPayload", true,
                "requestMethod", "PUT"));
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        device.publish("raw/bytes", payload, 1, false);
        TestServer.Received r = server.take(WAIT);
        assertThat(r.method()).isEqualTo("PUT");
        assertThat(r.body()).isEqualTo(payload);
    }

    @Test
    void aRefusalIsAnErrorEventIsNotRetriedAndBecomesADeadLetter() throws Exception {
        server.answer(Answer.status(422, "temperature out of range"));
        String id = httpIntegration("refused", "refused/#", Map.of("restEndpointUrl", server.url("/strict")));
        device.publish("refused/a", "{}".getBytes(StandardCharsets.UTF_8), 1, false);
        server.take(WAIT);
        admin.awaitStatistic(id, "deadLettered", 1, WAIT);
        assertThat(admin.events(id, "ERROR", 5).toString()).contains("HTTP 422", "temperature out of range");
        String letters = admin.request("GET", "/api/integrations/" + id + "/dead-letters", null).body();
        assertThat(letters).contains("\"topic\":\"refused/a\"", "HTTP 422");
        Thread.sleep(1000);
        assertThat(server.drain()).isEmpty();
        assertThat(admin.statistic(id, "retried")).isZero();
    }

    @Test
    void aServerErrorIsRetriedUntilItSucceeds() throws Exception {
        server.answer(Answer.status(503));
        String id = httpIntegration("retried", "retried/#", Map.of("restEndpointUrl", server.url("/flaky")));
        device.publish("retried/a", "{}".getBytes(StandardCharsets.UTF_8), 1, false);
        server.take(WAIT);
        server.answer(Answer.status(200));
        admin.awaitStatistic(id, "succeeded", 1, WAIT);
        assertThat(admin.statistic(id, "failed")).isGreaterThanOrEqualTo(1);
        assertThat(admin.events(id, "ERROR", 5).toString()).contains("HTTP 503");
    }

    @Test
    void validationErrorsAnswer400OnTheRightField() {
        Map<String, Map<String, Object>> cases = Map.of(
                "restEndpointUrl", Map.of("restEndpointUrl", "http://h/${nope}"),
                "requestMethod", Map.of("requestMethod", "DELETE"),
                "username", Map.of("authType", "basic", "password", "p"),
                "token", Map.of("authType", "bearer"),
                "headers", Map.of("headers", Map.of("Host", "x")),
                "caCertificate", Map.of("tlsTrust", "pem"));
        for (Map.Entry<String, Map<String, Object>> c : cases.entrySet()) {
            Map<String, Object> clientConfiguration = new LinkedHashMap<>(Map.of("restEndpointUrl", "http://h/"));
            clientConfiguration.putAll(c.getValue());
            AdminClient.Response r = admin.request("POST", "/api/integrations", Map.of("name", "invalid", "type", "HTTP",
                    "configuration", Map.of("topicFilters", List.of("x/#"), "clientConfiguration", clientConfiguration)));
            assertThat(r.status()).as(c.getKey()).isEqualTo(400);
            assertThat(r.body()).as(c.getKey()).contains("\"field\":\"configuration.clientConfiguration." + c.getKey());
        }
    }

    @Test
    void checkConnectionOverTheApiShowsTheRequestAndTheHeadAnswer() {
        AdminClient.Response r = admin.request("POST", "/api/integrations/check", Map.of("name", "check", "type", "HTTP",
                "configuration", Map.of("topicFilters", List.of("tbmq/#"), "clientConfiguration",
                        Map.of("restEndpointUrl", server.url("/in"), "authType", "basic", "username", "u",
                                "password", "check-secret"))));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("endpoint reachable", "HEAD response", "\"method\":\"POST\"", "Basic ****")
                .doesNotContain("check-secret");
    }
}
