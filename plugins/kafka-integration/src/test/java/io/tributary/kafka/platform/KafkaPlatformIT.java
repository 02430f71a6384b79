package io.tributary.kafka.platform;

import io.tributary.kafka.TestCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's walkthrough and the plugin's codecs and security through the whole platform:
 * the plugin zip loaded by PF4J, the integration created over REST, a Paho client publishing,
 * a Kafka consumer reading from Apache's in-process KRaft cluster; and payload-aware routing
 * (topic and key from the JSON payload, per-message failures dead-lettered, MQTT 5 user
 * properties as headers); and client lifecycle events as Kafka records, with what happens to an
 * event whose topic template makes an illegal Kafka topic name.
 */
class KafkaPlatformIT {
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
        device = new MqttClient(platform.mqttUri(), "tbmq_df52bNUQ", new MemoryPersistence());
        device.connect(new MqttConnectOptions());
    }

    @AfterEach
    void stopPlatform() throws Exception {
        if (device.isConnected()) {
            device.disconnect();
        }
        device.close();
        platform.close();
    }

    private String kafkaIntegration(String name, String topic, String extraClientConfiguration) throws Exception {
        String id = platform.create("""
                {"name": "%s", "type": "KAFKA",
                 "configuration": {"topicFilters": ["tbmq/#"],
                   "clientConfiguration": {"bootstrapServers": "%s", "topic": "%s"%s},
                   "metadata": {}}}""".formatted(name, kafka.bootstrap(), topic, extraClientConfiguration));
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.status(id).equals("ACTIVE"));
        return id;
    }

    @Test
    void theSeedWalkthroughProducesTheSeedRecord() throws Exception {
        kafka.createTopic("tbmq.messages", 1);
        String id = kafkaIntegration("Kafka integration", "tbmq.messages", "");
        long before = System.currentTimeMillis();
        device.publish("tbmq/kafka-integration", "{\"temperature\":25}".getBytes(StandardCharsets.UTF_8), 1, false);

        List<ConsumerRecord<byte[], byte[]>> records = kafka.consume("tbmq.messages", 1, Duration.ofSeconds(20));
        assertThat(records).hasSize(1);
        JsonNode record = PlatformWithKafkaPlugin.JSON.readTree(records.get(0).value());
        assertThat(record.get("payload").asString()).isEqualTo("eyJ0ZW1wZXJhdHVyZSI6MjV9");
        assertThat(record.get("topicName").asString()).isEqualTo("tbmq/kafka-integration");
        assertThat(record.get("clientId").asString()).isEqualTo("tbmq_df52bNUQ");
        assertThat(record.get("eventType").asString()).isEqualTo("PUBLISH_MSG");
        assertThat(record.get("qos").asInt()).isEqualTo(1);
        assertThat(record.get("retain").asBoolean()).isFalse();
        assertThat(record.get("tbmqIeNode").asString()).isEqualTo("it-node");
        assertThat(record.get("tbmqNode").asString()).isEqualTo("it-node");
        assertThat(record.get("ts").asLong()).isBetween(before, System.currentTimeMillis());
        assertThat(record.get("props").isObject()).isTrue();
        assertThat(record.get("metadata").get("integrationName").asString()).isEqualTo("Kafka integration");
        await().untilAsserted(() -> assertThat(platform.get(id).get("statistics").get("succeeded").asLong())
                .isEqualTo(1));
        await().untilAsserted(() -> assertThat(platform.get(id).get("status").get("connected").asBoolean())
                .isTrue());
    }

    @Test
    void theProducersMetricsAreExportedFromInsideThePluginWhileTheIntegrationRuns() throws Exception {
        kafka.createTopic("tbmq.metered", 1);
        String id = kafkaIntegration("metered kafka", "tbmq.metered", "");
        for (int i = 0; i < 5; i++) {
            device.publish("tbmq/metered", "{}".getBytes(StandardCharsets.UTF_8), 1, false);
        }
        kafka.consume("tbmq.metered", 5, Duration.ofSeconds(20));
        String labels = "{integration=\"metered kafka\",node=\"it-node\",type=\"KAFKA\"}";
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(platform.platform().metrics().scrape())
                .contains("tributary_integration_delivered_total" + labels + " 5")
                .contains("tributary_plugin_kafka_producer_buffer_available_bytes" + labels + " 3.3554432E7")
                .contains("tributary_plugin_kafka_producer_record_send_rate" + labels)
                .contains("tributary_plugin_kafka_producer_request_latency_avg_seconds" + labels));

        platform.api("POST", "/api/integrations/" + id + "/disable", null);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(platform.platform().metrics().scrape())
                .doesNotContain("tributary_plugin_kafka_producer")
                .contains("tributary_integration_state{integration=\"metered kafka\",node=\"it-node\","
                        + "state=\"disabled\",type=\"KAFKA\"} 1"));
    }

    @Test
    void checkConnectionReportsEachStepAndTheSampleRecordWithoutSaving() throws Exception {
        kafka.createTopic("checked.topic", 3);
        String body = PlatformWithKafkaPlugin.JSON.writeValueAsString(Map.of(
                "name", "checked", "type", "KAFKA",
                "configuration", Map.of("topicFilters", List.of("tbmq/#"),
                        "clientConfiguration", Map.of("bootstrapServers", kafka.bootstrap(), "topic", "checked.topic",
                                "key", "${clientId}"),
                        "metadata", Map.of()),
                "sample", Map.of("topic", "tbmq/kafka-integration", "payload", "{\"temperature\":25}")));
        long started = System.nanoTime();
        HttpResponse<String> r = platform.api("POST", "/api/integrations/check", body);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = PlatformWithKafkaPlugin.JSON.readTree(r.body());
        answer.get("steps").forEach(step -> assertThat(step.get("ok").asBoolean()).as(step.toString()).isTrue());
        assertThat(r.body()).contains("3 partitions");
        JsonNode sample = answer.get("sampleRecord");
        assertThat(sample.toString()).contains("checked.topic").contains("eyJ0ZW1wZXJhdHVyZSI6MjV9");
        assertThat(platform.api("GET", "/api/integrations", null).body()).doesNotContain("checked.topic");

        HttpResponse<String> invalid = platform.api("POST", "/api/integrations/check",
                body.replace(kafka.bootstrap(), "no-port"));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("configuration.clientConfiguration.bootstrapServers");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void everyCodecWorksFromInsideThePluginClassLoader(String codec) throws Exception {
        String topic = "codec." + codec;
        kafka.createTopic(topic, 1);
        kafkaIntegration("codec " + codec, topic, ", \"compression\": \"" + codec + "\", \"sendOnlyMsgPayload\": true");
        device.publish("tbmq/codec", ("compressed with " + codec).getBytes(StandardCharsets.UTF_8), 1, false);
        List<ConsumerRecord<byte[], byte[]>> records = kafka.consume(topic, 1, Duration.ofSeconds(20));
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("compressed with " + codec);
        if (!codec.equals("none")) {
            assertThat(kafka.storedCompression(topic)).containsExactly(codec);
        }
    }

    @Test
    void saslPlainThroughOtherPropertiesDeliversAndTheApiNeverShowsTheJaasConfig() throws Exception {
        kafka.createTopic("sasl.messages", 1);
        String jaas = TestCluster.jaas(TestCluster.USER, TestCluster.PASSWORD);
        String id = platform.create("""
                {"name": "sasl", "type": "KAFKA",
                 "configuration": {"topicFilters": ["tbmq/#"],
                   "clientConfiguration": {"bootstrapServers": "%s", "topic": "sasl.messages",
                     "otherProperties": {"security.protocol": "SASL_PLAINTEXT", "sasl.mechanism": "PLAIN",
                                         "sasl.jaas.config": "%s"}},
                   "metadata": {}}}""".formatted(kafka.saslPlaintextBootstrap(), jaas.replace("\"", "\\\"")));
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.status(id).equals("ACTIVE"));
        device.publish("tbmq/secure", "s".getBytes(), 1, false);
        assertThat(kafka.consume("sasl.messages", 1, Duration.ofSeconds(20))).hasSize(1);
        String view = platform.api("GET", "/api/integrations/" + id, null).body();
        assertThat(view).doesNotContain(TestCluster.PASSWORD).contains("******");
    }

    @Test
    void wrongSaslCredentialsShowAsAnErrorEventAndDisconnectedStatus() throws Exception {
        String jaas = TestCluster.jaas(TestCluster.USER, "wrong-password");
        String id = platform.create("""
                {"name": "bad-sasl", "type": "KAFKA",
                 "configuration": {"topicFilters": ["tbmq/#"],
                   "clientConfiguration": {"bootstrapServers": "%s", "topic": "sasl.wrong",
                     "otherProperties": {"security.protocol": "SASL_PLAINTEXT", "sasl.mechanism": "PLAIN",
                                         "sasl.jaas.config": "%s"}},
                   "metadata": {}}}""".formatted(kafka.saslPlaintextBootstrap(), jaas.replace("\"", "\\\"")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = platform.get(id).get("status");
            assertThat(status.get("connected").asBoolean(true)).isFalse();
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                platform.api("GET", "/api/integrations/" + id + "/events?type=ERROR", null).body())
                .contains("Authentication failed").doesNotContain("wrong-password"));
    }

    @Test
    void eachValidationRuleAnswers400OnTheRightField() throws Exception {
        Map<String, Map<String, Object>> cases = Map.of(
                "bootstrapServers", Map.of("bootstrapServers", "localhost:70000"),
                "topic", Map.of("topic", "bad topic!"),
                "key", Map.of("key", "${clientId}-${unknown}"),
                "retries", Map.of("retries", -1),
                "acks", Map.of("acks", "2"),
                "compression", Map.of("compression", "brotli"),
                "otherProperties", Map.of("otherProperties", Map.of("ssl.truststore.type", "PEM")),
                "kafkaHeadersCharset", Map.of("kafkaHeadersCharset", "EBCDIC"),
                "kafkaHeaders", Map.of("kafkaHeaders", Map.of("h", "${nope}")));
        for (Map.Entry<String, Map<String, Object>> c : cases.entrySet()) {
            Map<String, Object> clientConfiguration = new java.util.HashMap<>(
                    Map.of("bootstrapServers", "localhost:9092", "topic", "t"));
            clientConfiguration.putAll(c.getValue());
            String body = PlatformWithKafkaPlugin.JSON.writeValueAsString(Map.of("name", "invalid", "type", "KAFKA",
                    "configuration", Map.of("clientConfiguration", clientConfiguration)));
            HttpResponse<String> r = platform.api("POST", "/api/integrations", body);
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(r.body()).as(c.getKey())
                    .contains("\"field\":\"configuration.clientConfiguration." + c.getKey());
        }
        assertThat(platform.api("GET", "/api/integrations", null).body()).doesNotContain("invalid");
    }

    // payload-aware routing: topic and key from the JSON payload, per-message failures, user properties

    private String routedIntegration(String name, String filter, String clientConfiguration) throws Exception {
        String id = platform.create("""
                {"name": "%s", "type": "KAFKA",
                 "configuration": {"topicFilters": ["%s"],
                   "clientConfiguration": {"bootstrapServers": "%s", "sendOnlyMsgPayload": true, %s},
                   "metadata": {}}}""".formatted(name, filter, kafka.bootstrap(), clientConfiguration));
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.status(id).equals("ACTIVE"));
        return id;
    }

    /** Publishes at QoS 1 with MQTT 5 user properties. */
    private void publish(String topic, String payload, List<UserProperty> props) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setUserProperties(props);
        m.setProperties(p);
        org.eclipse.paho.mqttv5.client.MqttClient v5 = new org.eclipse.paho.mqttv5.client.MqttClient(platform.mqttUri(),
                "routing-device", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        try {
            v5.connect(new MqttConnectionOptions());
            v5.publish(topic, m);
            v5.disconnect();
        } finally {
            v5.close();
        }
    }

    @Test
    void topicAndKeyComeFromThePayloadAndANonJsonPayloadIsDeadLetteredWithoutStoppingTheOthers() throws Exception {
        kafka.createTopic("devices.d-1", 1);
        kafka.createTopic("devices.d-2", 1);
        String id = routedIntegration("routing", "route/#",
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
        routedIntegration("props on", "props/on", "\"topic\": \"props.on\", \"userPropertiesAsHeaders\": true, "
                + "\"kafkaHeaders\": {\"tenant\": \"${props.tenant}\", \"ct\": \"${contentType:none}\"}");
        routedIntegration("props off", "props/off", "\"topic\": \"props.off\", \"userPropertiesAsHeaders\": false");
        List<UserProperty> props = List.of(new UserProperty("tenant", "acme"), new UserProperty("hop", "1"),
                new UserProperty("hop", "2"));
        publish("props/on", "x", props);
        publish("props/off", "x", props);

        List<String> on = headerTexts(kafka.consume("props.on", 1, Duration.ofSeconds(20)).get(0));
        assertThat(on).containsExactly("tenant=acme", "ct=none", "tenant=acme", "hop=1", "hop=2");
        assertThat(headerTexts(kafka.consume("props.off", 1, Duration.ofSeconds(20)).get(0))).isEmpty();
    }

    private static List<String> headerTexts(ConsumerRecord<byte[], byte[]> r) {
        List<String> out = new ArrayList<>();
        for (Header h : r.headers()) {
            out.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    // client lifecycle events ("Also send client events") through the Kafka plugin

    private String eventsIntegration(String name, String topic) throws Exception {
        String id = platform.create("""
                {"name": "%s", "type": "KAFKA",
                 "configuration": {"topicFilters": ["ev/#"], "sendClientEvents": true,
                   "clientConfiguration": {"bootstrapServers": "%s", "topic": "%s"},
                   "metadata": {"site": "lab"}}}""".formatted(name, kafka.bootstrap(), topic));
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.status(id).equals("ACTIVE"));
        return id;
    }

    /** Connects, subscribes, unsubscribes, publishes {"t":21} to ev/x at QoS 1 and disconnects, as MQTT 5. */
    private void wholeLifeOf(String clientId) throws Exception {
        org.eclipse.paho.mqttv5.client.MqttClient v5 = new org.eclipse.paho.mqttv5.client.MqttClient(platform.mqttUri(),
                clientId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            v5.connect(options);
            v5.subscribe("cmd/" + clientId + "/#", 1);
            v5.unsubscribe("cmd/" + clientId + "/#");
            MqttMessage m = new MqttMessage("{\"t\":21}".getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            v5.publish("ev/x", m);
            v5.disconnect();
        } finally {
            v5.close();
        }
    }

    /** The records of {@code clientId} among {@code records}, by their {@code ts} (Kafka order on ties). */
    private static List<JsonNode> recordsOf(String clientId, List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> PlatformWithKafkaPlugin.JSON.readTree(r.value()))
                .filter(r -> r.get("clientId").asString().equals(clientId))
                .sorted(java.util.Comparator.comparingLong(r -> r.get("ts").asLong()))
                .toList();
    }

    private static JsonNode payload(JsonNode record) {
        return PlatformWithKafkaPlugin.JSON.readTree(java.util.Base64.getDecoder().decode(record.get("payload").asString()));
    }

    @Test
    void clientEventsArriveInKafkaOnceEachAsSeedRecordsInTheOrderTheyHappened() throws Exception {
        kafka.createTopic("client.events", 1);
        String id = eventsIntegration("Presence", "client.events");
        long before = System.currentTimeMillis();
        wholeLifeOf("device-5");

        await().atMost(Duration.ofSeconds(20)).until(
                () -> recordsOf("device-5", kafka.consume("client.events", 5, Duration.ofSeconds(2))).size() >= 5);
        // and no more arrive: each event once
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(
                () -> recordsOf("device-5", kafka.consume("client.events", 6, Duration.ofMillis(300))).size() == 5);
        List<JsonNode> records = recordsOf("device-5", kafka.consume("client.events", 5, Duration.ofSeconds(10)));

        assertThat(records).extracting(r -> r.get("eventType").asString())
                .containsExactly("CONNECTED", "SUBSCRIBED", "UNSUBSCRIBED", "PUBLISH_MSG", "DISCONNECTED");
        assertThat(records).extracting(r -> r.get("topicName").asString()).containsExactly(
                "$events/client_connected", "$events/session_subscribed", "$events/session_unsubscribed", "ev/x",
                "$events/client_disconnected");
        for (JsonNode r : records) {
            List<String> names = new ArrayList<>();
            r.propertyNames().forEach(names::add);
            assertThat(names).as(r.toString()).containsExactly("payload", "topicName", "clientId", "eventType", "qos",
                    "retain", "tbmqIeNode", "tbmqNode", "ts", "props", "metadata");
            assertThat(r.get("qos").asInt()).isEqualTo(1);
            assertThat(r.get("tbmqNode").asString()).isEqualTo("it-node");
            assertThat(r.get("ts").asLong()).isBetween(before, System.currentTimeMillis());
            assertThat(r.get("metadata").get("integrationName").asString()).isEqualTo("Presence");
            assertThat(r.get("metadata").get("site").asString()).isEqualTo("lab");
        }
        JsonNode connected = payload(records.get(0));
        assertThat(connected.get("eventType").asString()).isEqualTo("CONNECTED");
        assertThat(connected.get("clientId").asString()).isEqualTo("device-5");
        assertThat(connected.get("protocolVersion").asString()).isEqualTo("5.0");
        assertThat(connected.get("ts").asLong()).isEqualTo(records.get(0).get("ts").asLong());
        assertThat(payload(records.get(1)).get("topicFilter").asString()).isEqualTo("cmd/device-5/#");
        assertThat(payload(records.get(2)).get("topicFilter").asString()).isEqualTo("cmd/device-5/#");
        assertThat(new String(java.util.Base64.getDecoder().decode(records.get(3).get("payload").asString()),
                StandardCharsets.UTF_8)).isEqualTo("{\"t\":21}");
        assertThat(payload(records.get(4)).get("reason").asString()).isEqualTo("CLIENT_DISCONNECT");
        await().untilAsserted(() -> assertThat(platform.get(id).get("statistics").get("succeeded").asLong())
                .isGreaterThanOrEqualTo(5));
        assertThat(platform.get(id).get("statistics").get("deadLettered").asLong()).isZero();
    }

    @Test
    void anEventWhoseTopicTemplateGivesAnIllegalKafkaTopicIsDeadLetteredWithAClearErrorAndMessagesStillFlow()
            throws Exception {
        // ${topicLevel[0]}.${topicLevel[1]}: ev/x becomes ev.x; $events/client_connected becomes
        // $events.client_connected, which Kafka refuses ('$')
        kafka.createTopic("ev.x", 1);
        String id = eventsIntegration("Per topic", "${topicLevel[0]}.${topicLevel[1]}");
        // the README's way to a topic per event type: every event payload is JSON with eventType
        List<String> types = List.of("CONNECTED", "SUBSCRIBED", "UNSUBSCRIBED", "PUBLISH_MSG", "DISCONNECTED");
        for (String type : types) {
            kafka.createTopic("by-type." + type, 1);
        }
        eventsIntegration("Per event type", "by-type.${payload.eventType:PUBLISH_MSG}");
        wholeLifeOf("device-6");
        for (String type : types) {
            assertThat(recordsOf("device-6", kafka.consume("by-type." + type, 1, Duration.ofSeconds(20))))
                    .as(type).singleElement().satisfies(r -> assertThat(r.get("eventType").asString()).isEqualTo(type));
        }

        List<JsonNode> delivered = recordsOf("device-6", kafka.consume("ev.x", 1, Duration.ofSeconds(20)));
        assertThat(delivered).extracting(r -> r.get("eventType").asString()).containsExactly("PUBLISH_MSG");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode stats = platform.get(id).get("statistics");
            assertThat(stats.get("succeeded").asLong()).isEqualTo(1);
            assertThat(stats.get("deadLettered").asLong()).isEqualTo(4);
        });
        String errors = platform.api("GET", "/api/integrations/" + id + "/events?type=ERROR", null).body();
        assertThat(errors).contains("Kafka topic '$events.client_connected' from template "
                + "'${topicLevel[0]}.${topicLevel[1]}' is illegal");
        String dead = platform.api("GET", "/api/integrations/" + id + "/dead-letters", null).body();
        assertThat(dead).contains("$events/client_connected", "$events/session_subscribed",
                "$events/session_unsubscribed", "$events/client_disconnected");
        // not stuck: still active and connected, and the next message goes through
        assertThat(platform.status(id)).isEqualTo("ACTIVE");
        assertThat(platform.get(id).get("status").get("connected").asBoolean()).isTrue();
        device.publish("ev/x", "after".getBytes(StandardCharsets.UTF_8), 1, false);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                platform.get(id).get("statistics").get("succeeded").asLong()).isEqualTo(2));
    }
}
