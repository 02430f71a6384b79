package io.tributary.http.platform;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.tributary.http.TestServer;
import io.tributary.plugin.testkit.AdminClient;
import io.tributary.plugin.testkit.PluginTestKit;
import io.tributary.plugin.testkit.TestPlatform;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Client lifecycle events end to end: the packaged HTTP plugin in the real platform, one
 * integration created over REST with {@code sendClientEvents} on and one without, real MQTT
 * clients (Paho 3.1.1, HiveMQ 5, raw packets) connecting, subscribing, unsubscribing and leaving
 * in every way, and a local HTTP server counting the records: each event arrives once, as the
 * seed's JSON record with its {@code eventType} and a JSON payload; the other integration gets
 * none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientEventsPlatformIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestPlatform platform;
    private AdminClient admin;
    private TestServer events;
    private TestServer messages;
    private String eventsId;
    private String messagesId;
    private final List<JsonNode> received = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        platform = TestPlatform.builder().plugin(PluginTestKit.builtZip()).config("node.id", "events-node").start();
        admin = platform.admin();
        events = TestServer.http();
        messages = TestServer.http();
        Map<String, Object> body = integration("Presence", "nothing/matches/#", events.url("/events"));
        configuration(body).put("sendClientEvents", true);
        AdminClient.Response created = admin.request("POST", "/api/integrations", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        eventsId = (String) ((Map<?, ?>) created.json()).get("id");
        AdminClient.Response plain = admin.request("POST", "/api/integrations",
                integration("Messages only", "tbmq/#", messages.url("/messages")));
        assertThat(plain.status()).as(plain.body()).isEqualTo(201);
        messagesId = (String) ((Map<?, ?>) plain.json()).get("id");
        admin.awaitStatus(eventsId, "ACTIVE", WAIT);
        admin.awaitStatus(messagesId, "ACTIVE", WAIT);
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
        if (events != null) {
            events.close();
            messages.close();
        }
    }

    private static Map<String, Object> integration(String name, String filter, String url) {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("topicFilters", List.of(filter));
        configuration.put("clientConfiguration", Map.of("restEndpointUrl", url));
        configuration.put("metadata", Map.of("site", "lab"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", "HTTP");
        body.put("enabled", true);
        body.put("configuration", configuration);
        return body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> configuration(Map<String, Object> body) {
        return (Map<String, Object>) body.get("configuration");
    }

    /** Every record the events endpoint got so far, oldest first; HTTP deliveries may overtake each other. */
    private List<JsonNode> records() {
        for (TestServer.Received r : events.drain()) {
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            received.add(JSON.readTree(r.body()));
        }
        return received;
    }

    /** The payloads of the events of {@code clientId}, by {@code ts}. */
    private List<JsonNode> eventsOf(String clientId) {
        return records().stream().filter(r -> r.get("clientId").asString().equals(clientId))
                .map(r -> JSON.readTree(Base64.getDecoder().decode(r.get("payload").asString())))
                .sorted((a, b) -> Long.compare(a.get("ts").asLong(), b.get("ts").asLong()))
                .toList();
    }

    private List<String> typesOf(String clientId) {
        return eventsOf(clientId).stream().map(e -> e.get("eventType").asString()).toList();
    }

    private void awaitEvents(String clientId, int count) {
        await().atMost(WAIT).until(() -> eventsOf(clientId).size() >= count);
        // and no more arrive: each event once
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> eventsOf(clientId).size() == count);
    }

    private JsonNode only(String clientId, String type) {
        List<JsonNode> of = eventsOf(clientId).stream().filter(e -> e.get("eventType").asString().equals(type))
                .toList();
        assertThat(of).as("%s events of %s", type, clientId).hasSize(1);
        return of.get(0);
    }

    private MqttClient paho(String clientId, boolean clean) throws MqttException {
        MqttClient c = new MqttClient(platform.mqttUri(), clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(clean);
        o.setAutomaticReconnect(false);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        c.connect(o);
        return c;
    }

    @Test
    void aClientsWholeLifeArrivesAsSeedRecordsOnceEach() throws Exception {
        long before = System.currentTimeMillis();
        MqttClient device = paho("device-1", true);
        device.subscribe(new String[]{"cmd/device-1/#", "$share/g/jobs/+"}, new int[]{1, 0});
        device.unsubscribe("cmd/device-1/#");
        device.publish("tbmq/telemetry", "{\"t\":21}".getBytes(StandardCharsets.UTF_8), 1, false);
        device.disconnect();
        device.close();

        awaitEvents("device-1", 5);
        assertThat(typesOf("device-1")).containsExactlyInAnyOrder("CONNECTED", "SUBSCRIBED", "SUBSCRIBED",
                "UNSUBSCRIBED", "DISCONNECTED");

        JsonNode record = records().stream().filter(r -> r.get("eventType").asString().equals("CONNECTED")
                && r.get("clientId").asString().equals("device-1")).findFirst().orElseThrow();
        assertThat(JSON.readValue(JSON.writeValueAsString(record), LinkedHashMap.class).keySet()).containsExactly(
                "payload", "topicName", "clientId", "eventType", "qos", "retain", "tbmqIeNode", "tbmqNode", "ts",
                "props", "metadata");
        assertThat(record.get("topicName").asString()).isEqualTo("$events/client_connected");
        assertThat(record.get("qos").asInt()).isEqualTo(1);
        assertThat(record.get("retain").asBoolean()).isFalse();
        assertThat(record.get("tbmqNode").asString()).isEqualTo("events-node");
        assertThat(record.get("ts").asLong()).isBetween(before, System.currentTimeMillis());
        assertThat(record.get("metadata").get("integrationName").asString()).isEqualTo("Presence");
        assertThat(record.get("metadata").get("site").asString()).isEqualTo("lab");

        JsonNode connected = only("device-1", "CONNECTED");
        assertThat(connected.get("clientId").asString()).isEqualTo("device-1");
        assertThat(connected.get("protocolVersion").asString()).isEqualTo("3.1.1");
        assertThat(connected.get("remoteAddress").asString()).startsWith("127.0.0.1:");
        assertThat(connected.get("cleanStart").asBoolean()).isTrue();
        assertThat(connected.get("ts").asLong()).isEqualTo(record.get("ts").asLong());
        assertThat(eventsOf("device-1").stream().filter(e -> e.get("eventType").asString().equals("SUBSCRIBED"))
                .map(e -> e.get("topicFilter").asString() + " qos " + e.get("qos").asInt()).toList())
                .containsExactlyInAnyOrder("cmd/device-1/# qos 1", "$share/g/jobs/+ qos 0");
        assertThat(only("device-1", "UNSUBSCRIBED").get("topicFilter").asString()).isEqualTo("cmd/device-1/#");
        JsonNode gone = only("device-1", "DISCONNECTED");
        assertThat(gone.get("reason").asString()).isEqualTo("CLIENT_DISCONNECT");
        assertThat(gone.get("reasonCode").asInt()).isZero();

        // the integration without the flag got the message and nothing else; the events one no message
        TestServer.Received message = messages.take(WAIT);
        assertThat(JSON.readTree(message.body()).get("eventType").asString()).isEqualTo("PUBLISH_MSG");
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> messages.drain().isEmpty());
        assertThat(records()).noneMatch(r -> r.get("eventType").asString().equals("PUBLISH_MSG"));
        admin.awaitStatistic(messagesId, "succeeded", 1, WAIT);
    }

    @Test
    void anMqtt5ClientsReasonCodeAndItsSessionExpiryArrive() throws Exception {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier("device-5").serverHost("127.0.0.1")
                .serverPort(platform.mqttPort()).buildBlocking();
        c.connectWith().cleanStart(true).sessionExpiryInterval(1).send();
        c.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();

        awaitEvents("device-5", 3);
        assertThat(only("device-5", "CONNECTED").get("protocolVersion").asString()).isEqualTo("5.0");
        JsonNode gone = only("device-5", "DISCONNECTED");
        assertThat(gone.get("reason").asString()).isEqualTo("CLIENT_DISCONNECT");
        assertThat(gone.get("reasonCode").asInt()).isEqualTo(4);
        assertThat(gone.get("sessionExpiryInterval").asLong()).isEqualTo(1);
        assertThat(only("device-5", "SESSION_EXPIRED").get("sessionExpiryInterval").asLong()).isEqualTo(1);
        assertThat(records().stream().filter(r -> r.get("eventType").asString().equals("SESSION_EXPIRED")
                && r.get("clientId").asString().equals("device-5")).findFirst().orElseThrow()
                .get("topicName").asString()).isEqualTo("$events/session_expired");
    }

    @Test
    void aSilentClientAndATakeoverSayWhyTheConnectionEnded() throws Exception {
        try (Socket silent = new Socket("127.0.0.1", platform.mqttPort())) {
            // CONNECT, MQTT 3.1.1, clean session, keep-alive 1 s, client id "silent"; then nothing
            byte[] id = "silent".getBytes(StandardCharsets.US_ASCII);
            OutputStream out = silent.getOutputStream();
            out.write(new byte[]{0x10, (byte) (12 + id.length), 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 1, 0,
                    (byte) id.length});
            out.write(id);
            out.flush();
            InputStream in = silent.getInputStream();
            assertThat(in.readNBytes(4)).containsExactly(0x20, 2, 0, 0);
            awaitEvents("silent", 2);
        }
        JsonNode timedOut = only("silent", "DISCONNECTED");
        assertThat(timedOut.get("reason").asString()).isEqualTo("KEEP_ALIVE_TIMEOUT");
        assertThat(timedOut.get("reasonCode").asInt()).isEqualTo(0x8D);

        MqttClient first = paho("twin", false);
        MqttClient second = paho("twin", false);
        try {
            awaitEvents("twin", 3);
            assertThat(typesOf("twin")).containsExactlyInAnyOrder("CONNECTED", "DISCONNECTED", "CONNECTED");
            JsonNode takenOver = only("twin", "DISCONNECTED");
            assertThat(takenOver.get("reason").asString()).isEqualTo("SESSION_TAKEN_OVER");
            assertThat(eventsOf("twin").stream().filter(e -> e.get("eventType").asString().equals("CONNECTED"))
                    .map(e -> e.get("sessionPresent").asBoolean()).collect(Collectors.toList()))
                    .containsExactlyInAnyOrder(false, true);
        } finally {
            second.disconnect();
            second.close();
            first.close(true);
        }
    }

    @Test
    void theFlagRoundTripsOverRestAndABadValueIsRefused() {
        Map<?, ?> stored = admin.integration(eventsId);
        assertThat(((Map<?, ?>) stored.get("configuration")).get("sendClientEvents")).isEqualTo(true);
        Map<?, ?> plain = admin.integration(messagesId);
        assertThat(((Map<?, ?>) plain.get("configuration")).get("sendClientEvents")).isEqualTo(false);

        Map<String, Object> bad = integration("Presence", "nothing/matches/#", events.url("/events"));
        configuration(bad).put("sendClientEvents", "yes");
        AdminClient.Response r = admin.request("PUT", "/api/integrations/" + eventsId, bad);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("configuration.sendClientEvents", "must be true or false");
        assertThat(((Map<?, ?>) admin.integration(eventsId).get("configuration")).get("sendClientEvents"))
                .as("nothing changed").isEqualTo(true);
    }
}
