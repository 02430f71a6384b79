package io.tributary.kafka.platform;

import io.tributary.kafka.TestCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Payload-aware routing through the whole platform: topic and key from the JSON payload, a
 * payload that is not JSON dead-lettered with an error event while the next messages go on,
 * and MQTT 5 user properties as Kafka headers only when the option is on.
 */
class PayloadRoutingIT {
    private static TestCluster kafka;

    @TempDir
    Path dir;
    private PlatformWithKafkaPlugin platform;
    private MqttClient device;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = TestCluster.withSecurity();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @BeforeEach
    void startPlatform() throws Exception {
        platform = new PlatformWithKafkaPlugin(dir, Map.of());
        device = new MqttClient(platform.mqttUri(), "routing-device", new MemoryPersistence());
        device.connect(new MqttConnectionOptions());
    }

    @AfterEach
    void stopPlatform() throws Exception {
        if (device.isConnected()) {
            device.disconnect();
        }
        device.close();
        platform.close();
    }

    private String integration(String name, String filter, String clientConfiguration) throws Exception {
        String id = platform.create("""
                {"name": "%s", "type": "KAFKA",
                 "configuration": {"topicFilters": ["%s"],
                   "clientConfiguration": {"bootstrapServers": "%s", "sendOnlyMsgPayload": true, %s},
                   "metadata": {}}}""".formatted(name, filter, kafka.bootstrap(), clientConfiguration));
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.status(id).equals("ACTIVE"));
        return id;
    }

    private void publish(String topic, String payload, List<UserProperty> props) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setUserProperties(props);
        m.setProperties(p);
        device.publish(topic, m);
    }

    @Test
    void topicAndKeyComeFromThePayloadAndANonJsonPayloadIsDeadLetteredWithoutStoppingTheOthers() throws Exception {
        kafka.createTopic("devices.d-1", 1);
        kafka.createTopic("devices.d-2", 1);
        String id = integration("routing", "route/#",
                "\"topic\": \"devices.${payload.deviceId}\", \"key\": \"${payload.sensor.id}\"");

        publish("route/a", "{\"deviceId\":\"d-1\",\"sensor\":{\"id\":\"s-1\"}}", List.of());
        publish("route/a", "not json at all", List.of());
        publish("route/a", "{\"sensor\":{\"id\":\"s-9\"}}", List.of()); // no deviceId, no default
        publish("route/a", "{\"deviceId\":\"d-2\",\"sensor\":{\"id\":\"s-2\"}}", List.of());
        publish("route/a", "{\"deviceId\":\"d-1\",\"sensor\":{\"id\":\"s-3\"}}", List.of());

        List<ConsumerRecord<byte[], byte[]>> d1 = kafka.consume("devices.d-1", 2, Duration.ofSeconds(20));
        assertThat(d1).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("s-1", "s-3");
        List<ConsumerRecord<byte[], byte[]>> d2 = kafka.consume("devices.d-2", 1, Duration.ofSeconds(20));
        assertThat(new String(d2.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("s-2");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var stats = platform.get(id).get("statistics");
            assertThat(stats.get("succeeded").asLong()).isEqualTo(3);
            assertThat(stats.get("deadLettered").asLong()).isEqualTo(2);
        });
        String dead = platform.api("GET", "/api/integrations/" + id + "/dead-letters", null).body();
        assertThat(dead).contains("the payload is not JSON").contains("the payload has no field 'deviceId'");
        String errors = platform.api("GET", "/api/integrations/" + id + "/events?type=ERROR", null).body();
        assertThat(errors).contains("the payload is not JSON").contains("the payload has no field 'deviceId'");
        assertThat(platform.status(id)).isEqualTo("ACTIVE");
    }

    @Test
    void userPropertiesBecomeHeadersOnlyWithTheOptionOn() throws Exception {
        kafka.createTopic("props.on", 1);
        kafka.createTopic("props.off", 1);
        integration("props on", "props/on", "\"topic\": \"props.on\", \"userPropertiesAsHeaders\": true, "
                + "\"kafkaHeaders\": {\"tenant\": \"${props.tenant}\", \"ct\": \"${contentType:none}\"}");
        integration("props off", "props/off", "\"topic\": \"props.off\", \"userPropertiesAsHeaders\": false");
        List<UserProperty> props = List.of(new UserProperty("tenant", "acme"), new UserProperty("hop", "1"),
                new UserProperty("hop", "2"));
        publish("props/on", "x", props);
        publish("props/off", "x", props);

        List<String> on = headers(kafka.consume("props.on", 1, Duration.ofSeconds(20)).get(0));
        assertThat(on).containsExactly("tenant=acme", "ct=none", "tenant=acme", "hop=1", "hop=2");
        assertThat(headers(kafka.consume("props.off", 1, Duration.ofSeconds(20)).get(0))).isEmpty();
    }

    private static List<String> headers(ConsumerRecord<byte[], byte[]> r) {
        List<String> out = new ArrayList<>();
        for (Header h : r.headers()) {
            out.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
