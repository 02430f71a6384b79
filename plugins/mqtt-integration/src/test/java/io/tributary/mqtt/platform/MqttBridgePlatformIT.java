package io.tributary.mqtt.platform;

import io.tributary.plugin.testkit.AdminClient;
import io.tributary.plugin.testkit.TestPlatform;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge end to end: the packaged zip loaded by the real platform, the integration created over
 * REST, a Paho device publishing to the platform, and a Paho subscriber on a second Tributary broker
 * (the remote, with a password) receiving what the bridge forwarded.
 */
class MqttBridgePlatformIT {
    private static final Duration WAIT = BridgePlatform.WAIT;
    private static final String USER = "bridge";
    private static final String PASSWORD = "bridge-s3cret-pw";

    private static BridgePlatform bridge;
    private static TestPlatform remote;
    private static AdminClient admin;

    @BeforeAll
    static void start() {
        remote = TestPlatform.builder().config("node.id", "remote").config("auth.anonymous", "false")
                .config("auth.users", USER + ":" + PASSWORD + ",reader:reader-pw").start();
        bridge = BridgePlatform.start();
        admin = bridge.admin();
    }

    @AfterAll
    static void stop() {
        bridge.close();
        remote.close();
    }

    @AfterEach
    void cleanUp() {
        bridge.cleanUp();
    }

    private Map<String, Object> config(Map<String, Object> more) {
        Map<String, Object> c = new LinkedHashMap<>(Map.of("username", USER, "password", PASSWORD));
        c.putAll(more);
        return BridgePlatform.bridgeTo(remote.mqttPort(), c);
    }

    private Inbox subscribeRemote(String filter) throws Exception {
        return bridge.read(remote.mqttUri(), filter, "reader", "reader-pw");
    }

    @Test
    void theMqttTypeIsListedWithItsForm() {
        Map<String, Object> mqtt = admin.integrationTypes().stream().filter(t -> "MQTT".equals(t.get("type")))
                .findFirst().orElseThrow();
        assertThat(mqtt.toString()).contains("host", "topicName", "qos", "retain", "ssl", "clientKey");
    }

    @Test
    void messagesArriveOnTheRemoteBrokerWithTopicQosRetainAndUserProperties() throws Exception {
        Inbox got = subscribeRemote("site-a/#");
        String id = admin.createIntegration("bridge", "MQTT", List.of("sensors/#"),
                config(Map.of("topicPrefix", "site-a/", "topicName", "${topicLevel[1]}/${clientId}")));
        admin.awaitStatus(id, "ACTIVE", WAIT);
        MqttClient device = bridge.device("device-7");
        MqttMessage m = new MqttMessage("{\"t\":21}".getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        m.setRetained(true);
        MqttProperties props = new MqttProperties();
        props.setUserProperties(List.of(new UserProperty("site", "lab"), new UserProperty("tag", "a"),
                new UserProperty("tag", "b")));
        props.setContentType("application/json");
        m.setProperties(props);
        device.publish("sensors/room-1/temp", m);

        Inbox.Received r = got.poll(WAIT);
        assertThat(r).as("forwarded message").isNotNull();
        assertThat(r.topic()).isEqualTo("site-a/room-1/device-7");
        assertThat(new String(r.message().getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"t\":21}");
        assertThat(r.message().getQos()).isEqualTo(1);
        assertThat(r.message().getProperties().getUserProperties()).extracting(UserProperty::getKey, UserProperty::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("site", "lab"),
                        org.assertj.core.groups.Tuple.tuple("tag", "a"), org.assertj.core.groups.Tuple.tuple("tag", "b"));
        assertThat(r.message().getProperties().getContentType()).isEqualTo("application/json");
        // retained as published: a late subscriber gets it from the remote broker
        Inbox late = subscribeRemote("site-a/room-1/#");
        Inbox.Received retained = late.poll(WAIT);
        assertThat(retained).isNotNull();
        assertThat(retained.message().isRetained()).isTrue();
        admin.awaitStatistic(id, "succeeded", 1, WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertThat(admin.integration(id).get("status").toString())
                .contains("connected=true"));
        assertThat(admin.request("GET", "/api/integrations/" + id, null).body()).doesNotContain(PASSWORD);
    }

    @Test
    void fixedQosAndRetainNeverApply() throws Exception {
        Inbox got = subscribeRemote("fixed/#");
        String id = admin.createIntegration("fixed", "MQTT", List.of("fixed/#"),
                config(Map.of("qos", "2", "retain", "never", "mqttVersion", "3.1.1")));
        admin.awaitStatus(id, "ACTIVE", WAIT);
        MqttClient device = bridge.device("device-f");
        MqttMessage m = new MqttMessage(new byte[]{1, 2, 3});
        m.setQos(0);
        m.setRetained(true);
        device.publish("fixed/a", m);
        Inbox.Received r = got.poll(WAIT);
        assertThat(r).isNotNull();
        assertThat(r.message().getQos()).isEqualTo(2);
        assertThat(r.message().isRetained()).isFalse();
        assertThat(r.message().getPayload()).containsExactly(1, 2, 3);
    }

    @Test
    void everyMessageArrivesCountedOneByOne() throws Exception {
        Inbox got = subscribeRemote("count/#");
        String id = admin.createIntegration("count", "MQTT", List.of("count/#"), config(Map.of("qos", "1")));
        admin.awaitStatus(id, "ACTIVE", WAIT);
        MqttClient device = bridge.device("device-c");
        int n = 200;
        for (int i = 0; i < n; i++) {
            MqttMessage m = new MqttMessage(Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            device.publish("count/" + i, m);
        }
        List<String> sent = java.util.stream.IntStream.range(0, n).mapToObj(Integer::toString).toList();
        got.awaitAll(sent, WAIT);
        assertThat(got.missing(sent)).as("lost").isEmpty();
        admin.awaitStatistic(id, "succeeded", n, WAIT);
    }

    @Test
    void aWrongPasswordIsAnErrorEventAndTheCheckSaysSo() {
        String id = admin.createIntegration("wrong", "MQTT", List.of("wrong/#"),
                config(Map.of("password", "not-the-password")));
        await().atMost(WAIT).untilAsserted(() -> assertThat(admin.events(id, "ERROR", 10).toString())
                .contains("BAD_USER_NAME_OR_PASSWORD").doesNotContain("not-the-password"));
        AdminClient.Response check = bridge.check("tbmq/#",
                config(Map.of("password", "not-the-password", "topicPrefix", "bridge/")));
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.body()).contains("credentials accepted", "bridge/tbmq/", "BAD_USER_NAME_OR_PASSWORD")
                .doesNotContain("not-the-password");
        AdminClient.Response good = bridge.check("tbmq/#", config(Map.of()));
        assertThat(good.body()).contains("accepted the connection as user 'bridge'").doesNotContain(PASSWORD);
    }

    @Test
    void validationErrorsAnswer400OnTheRightField() {
        Map<String, Map<String, Object>> cases = Map.of(
                "host", Map.of("host", "mqtt://x"),
                "port", Map.of("port", 70000),
                "topicName", Map.of("topicName", "a/+/b"),
                "qos", Map.of("qos", "5"),
                "caCertificate", Map.of("ssl", true, "tlsTrust", "pem"));
        for (Map.Entry<String, Map<String, Object>> c : cases.entrySet()) {
            AdminClient.Response r = admin.request("POST", "/api/integrations", Map.of("name", "invalid", "type", "MQTT",
                    "configuration", Map.of("topicFilters", List.of("x/#"), "clientConfiguration", config(c.getValue()))));
            assertThat(r.status()).as(c.getKey()).isEqualTo(400);
            assertThat(r.body()).as(c.getKey()).contains("\"field\":\"configuration.clientConfiguration." + c.getKey());
        }
    }
}
