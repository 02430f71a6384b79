package io.tributary.kafka.platform;

import io.tributary.kafka.TestCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka to MQTT through the whole platform: the plugin zip loaded by PF4J, the integration created
 * over REST, records produced to Apache's in-process KRaft cluster, a Paho MQTT 5 client subscribed
 * to the broker. Counts message by message.
 */
class KafkaToMqttPlatformIT {
    private static TestCluster kafka;
    private static KafkaProducer<byte[], byte[]> producer;

    @TempDir
    Path dir;
    private PlatformWithKafkaPlugin platform;
    private final List<MqttClient> clients = new ArrayList<>();

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = TestCluster.plain();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopKafka() throws Exception {
        producer.close();
        kafka.close();
    }

    @AfterEach
    void stopPlatform() {
        for (MqttClient c : clients) {
            try {
                if (c.isConnected()) {
                    c.disconnect();
                }
                c.close();
            } catch (MqttException e) {
                // already gone with the platform
            }
        }
        if (platform != null) {
            platform.close();
        }
    }

    /** What a subscriber received: topic, payload, QoS, retain, user properties. */
    record Received(String topic, String payload, int qos, boolean retained, List<UserProperty> properties) {
    }

    private MqttClient subscriber(String clientId, String filter, int qos, boolean persistent,
                                  ConcurrentLinkedQueue<Received> into) throws Exception {
        MqttClient c = new MqttClient(platform.mqttUri(), clientId, new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                List<UserProperty> props = m.getProperties() == null || m.getProperties().getUserProperties() == null
                        ? List.of() : m.getProperties().getUserProperties();
                into.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos(),
                        m.isRetained(), props));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(!persistent);
        if (persistent) {
            options.setSessionExpiryInterval(3600L);
        }
        c.connect(options);
        if (!persistent || filter != null) {
            c.subscribe(filter, qos);
        }
        clients.add(c);
        return c;
    }

    private String source(String name, String clientConfiguration) throws Exception {
        String id = platform.create("""
                {"name": "%s", "type": "KAFKA_TO_MQTT",
                 "configuration": {"clientConfiguration": {"bootstrapServers": "%s", %s}, "metadata": {"site": "lab"}}}"""
                .formatted(name, kafka.bootstrap(), clientConfiguration));
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.status(id).equals("ACTIVE"));
        return id;
    }

    private static void produce(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        headers.forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(r);
    }

    @Test
    void recordsArriveAtAnMqttSubscriberWithTopicPayloadQosAndUserPropertiesAsConfigured() throws Exception {
        kafka.createTopic("src.readings", 3);
        platform = new PlatformWithKafkaPlugin(dir, Map.of());
        ConcurrentLinkedQueue<Received> got = new ConcurrentLinkedQueue<>();
        subscriber("reader", "devices/#", 2, false, got);
        String id = source("readings", """
                "topics": ["src.readings"], "mqttTopic": "devices/${kafka.key}/${kafka.header.kind}",
                "qos": "1", "userProperties": {"partition": "${kafka.partition}", "site": "${metadata.site}"}""");
        // the integration has no topic filters: the admin shows none, the router never routes to it
        assertThat(platform.get(id).get("configuration").get("topicFilters").size()).isZero();

        int n = 200;
        for (int i = 0; i < n; i++) {
            produce("src.readings", "dev-" + (i % 7), "{\"i\":" + i + "}", Map.of("kind", "temp", "seq", "" + i));
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> got.size() >= n);
        Set<String> payloads = new HashSet<>();
        for (Received r : got) {
            payloads.add(r.payload());
            assertThat(r.qos()).isEqualTo(1);
            assertThat(r.retained()).isFalse();
            int i = Integer.parseInt(r.payload().replaceAll("\\D", ""));
            assertThat(r.topic()).isEqualTo("devices/dev-" + (i % 7) + "/temp");
            Map<String, String> props = new HashMap<>();
            r.properties().forEach(p -> props.put(p.getKey(), p.getValue()));
            assertThat(props).containsEntry("kind", "temp").containsEntry("seq", "" + i).containsEntry("site", "lab")
                    .containsKey("partition");
        }
        assertThat(payloads).hasSize(n);
        await().untilAsserted(() -> assertThat(platform.get(id).get("statistics").get("succeeded").asLong())
                .isEqualTo(n));
        await().untilAsserted(() -> assertThat(platform.get(id).get("status").get("connected").asBoolean()).isTrue());
    }

    @Test
    void retainedJsonFieldPayloadReachesALateSubscriberAndAMissingFieldIsAnErrorEventNotACrash() throws Exception {
        kafka.createTopic("src.state", 1);
        platform = new PlatformWithKafkaPlugin(dir, Map.of());
        String id = source("state", """
                "topics": ["src.state"], "mqttTopic": "state/${payload.device.id}", "qos": "2", "retain": true,
                "payloadSource": "jsonField", "payloadField": "reading\"""");
        produce("src.state", null, "{\"device\":{\"id\":\"d1\"},\"reading\":{\"t\":21.5}}", Map.of());
        produce("src.state", null, "not json", Map.of());
        produce("src.state", null, "{\"device\":{\"id\":\"d2\"},\"reading\":\"on\"}", Map.of());
        producer.flush();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                platform.get(id).get("statistics").get("succeeded").asLong()).isEqualTo(2));

        ConcurrentLinkedQueue<Received> got = new ConcurrentLinkedQueue<>();
        subscriber("late", "state/+", 2, false, got);
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= 2);
        Map<String, Received> byTopic = new HashMap<>();
        got.forEach(r -> byTopic.put(r.topic(), r));
        assertThat(byTopic.get("state/d1").payload()).isEqualTo("{\"t\":21.5}");
        assertThat(byTopic.get("state/d1").retained()).isTrue();
        assertThat(byTopic.get("state/d1").qos()).isEqualTo(2);
        assertThat(byTopic.get("state/d2").payload()).isEqualTo("on");
        assertThat(platform.api("GET", "/api/integrations/" + id + "/events?type=ERROR", null).body())
                .contains("src.state-0@1").contains("not JSON");
        assertThat(platform.status(id)).isEqualTo("ACTIVE");
    }

    @Test
    void aPlatformRestartMidStreamLosesNothing() throws Exception {
        kafka.createTopic("src.stream", 2);
        Map<String, String> config = Map.of("session.max-queued-messages", "100000");
        platform = new PlatformWithKafkaPlugin(dir, config);
        ConcurrentLinkedQueue<Received> got = new ConcurrentLinkedQueue<>();
        subscriber("durable", "stream/#", 1, true, got);
        source("stream", """
                "topics": ["src.stream"], "mqttTopic": "stream/${kafka.partition}", "qos": "1", "maxInFlight": 20""");

        int total = 6000;
        AtomicInteger produced = new AtomicInteger();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                produce("src.stream", "k" + i, "m" + i, Map.of());
                produced.incrementAndGet();
                if (i % 200 == 0) {
                    producer.flush();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            producer.flush();
        });
        writer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> got.size() >= 300);
        // stop with records still to consume (the writer keeps producing while the platform is down)
        platform.close();
        platform = null;
        int beforeRestart = got.size();
        assertThat(beforeRestart).isLessThan(total);
        writer.join(60_000);
        assertThat(produced.get()).isEqualTo(total);

        platform = new PlatformWithKafkaPlugin(dir, config);
        // the same persistent session on the new port: what was accepted for it while it was away is queued
        subscriber("durable", null, 1, true, got);
        await().atMost(Duration.ofSeconds(60)).until(() -> distinct(got) >= total);
        assertThat(distinct(got)).isEqualTo(total);
    }

    private static int distinct(ConcurrentLinkedQueue<Received> got) {
        Set<String> s = new HashSet<>();
        got.forEach(r -> s.add(r.payload()));
        return s.size();
    }

    @Test
    void aMessageFromKafkaIsNotSentBackToItsTopicByDefault() throws Exception {
        kafka.createTopic("src.loop", 1);
        platform = new PlatformWithKafkaPlugin(dir, Map.of());
        ConcurrentLinkedQueue<Received> got = new ConcurrentLinkedQueue<>();
        subscriber("watcher", "loop/#", 1, false, got);
        String sink = platform.create("""
                {"name": "back to kafka", "type": "KAFKA",
                 "configuration": {"topicFilters": ["loop/#"],
                   "clientConfiguration": {"bootstrapServers": "%s", "topic": "src.loop", "sendOnlyMsgPayload": true},
                   "metadata": {}}}""".formatted(kafka.bootstrap()));
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.status(sink).equals("ACTIVE"));
        source("loop", """
                "topics": ["src.loop"], "mqttTopic": "loop/${kafka.key:none}\"""");

        produce("src.loop", "k1", "once", Map.of());
        producer.flush();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                platform.api("GET", "/api/integrations/" + sink + "/events?type=ERROR", null).body())
                .contains("loop protection"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                platform.get(sink).get("statistics").get("succeeded").asLong()).isEqualTo(1));
        // the topic holds the one record produced, the subscriber got it once: no loop
        assertThat(kafka.consume("src.loop", 2, Duration.ofSeconds(3))).hasSize(1);
        assertThat(got).hasSize(1);

        // an MQTT client's message to the same topic filter still goes to Kafka
        MqttClient device = subscriber("device", "unused/x", 0, false, new ConcurrentLinkedQueue<>());
        device.publish("loop/device", "from mqtt".getBytes(StandardCharsets.UTF_8), 1, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> kafka.consume("src.loop", 2, Duration.ofSeconds(2)).size() == 2);
    }

    @Test
    void checkConnectionShowsTheLatestRecordAsTheMqttMessageItWouldBecome() throws Exception {
        kafka.createTopic("src.checked", 1);
        platform = new PlatformWithKafkaPlugin(dir, Map.of());
        produce("src.checked", "dev-9", "{\"t\":3}", Map.of("kind", "temp"));
        producer.flush();
        String body = PlatformWithKafkaPlugin.JSON.writeValueAsString(Map.of(
                "name", "checked", "type", "KAFKA_TO_MQTT",
                "configuration", Map.of("clientConfiguration", Map.of("bootstrapServers", kafka.bootstrap(),
                        "topics", List.of("src.checked"), "mqttTopic", "devices/${kafka.key}/${kafka.header.kind}"),
                        "metadata", Map.of())));
        HttpResponse<String> r = platform.api("POST", "/api/integrations/check", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = PlatformWithKafkaPlugin.JSON.readTree(r.body());
        answer.get("steps").forEach(step -> assertThat(step.get("ok").asBoolean()).as(step.toString()).isTrue());
        JsonNode sample = answer.get("sampleRecord");
        assertThat(sample.get("mqttTopic").asString()).isEqualTo("devices/dev-9/temp");
        assertThat(sample.get("payload").get("t").asInt()).isEqualTo(3);
        assertThat(r.body()).contains("tributary-<integration id>");

        HttpResponse<String> missing = platform.api("POST", "/api/integrations/check",
                body.replace("src.checked", "src.absent"));
        assertThat(missing.statusCode()).isEqualTo(200);
        assertThat(missing.body()).contains("missing: src.absent");
    }

    @Test
    void badPatternsTemplatesAndTopicFiltersAnswer400OnTheRightField() throws Exception {
        platform = new PlatformWithKafkaPlugin(dir, Map.of());
        Map<String, Map<String, Object>> cases = Map.of(
                "clientConfiguration.topicPattern", Map.of("topicPattern", "sensors.(["),
                "clientConfiguration.mqttTopic", Map.of("topics", List.of("t"), "mqttTopic", "a/${kafka.nope}"),
                "clientConfiguration.topics", Map.of("mqttTopic", "a"),
                "clientConfiguration.payloadField", Map.of("topics", List.of("t"), "payloadSource", "jsonField"),
                "clientConfiguration.qos", Map.of("topics", List.of("t"), "qos", "3"),
                "clientConfiguration.userProperties", Map.of("topics", List.of("t"),
                        "userProperties", Map.of("p", "${payload.}")));
        for (Map.Entry<String, Map<String, Object>> c : cases.entrySet()) {
            Map<String, Object> client = new HashMap<>(Map.of("bootstrapServers", "localhost:9092"));
            client.putAll(c.getValue());
            String body = PlatformWithKafkaPlugin.JSON.writeValueAsString(Map.of("name", "invalid",
                    "type", "KAFKA_TO_MQTT", "configuration", Map.of("clientConfiguration", client)));
            HttpResponse<String> r = platform.api("POST", "/api/integrations", body);
            assertThat(r.statusCode()).as(c.getKey() + ": " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(c.getKey()).contains("\"field\":\"configuration." + c.getKey());
        }
        String withFilters = PlatformWithKafkaPlugin.JSON.writeValueAsString(Map.of("name", "filters",
                "type", "KAFKA_TO_MQTT", "configuration", Map.of("topicFilters", List.of("tbmq/#"),
                        "clientConfiguration", Map.of("topics", List.of("t")))));
        HttpResponse<String> r = platform.api("POST", "/api/integrations", withFilters);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"configuration.topicFilters\"");
        assertThat(platform.api("GET", "/api/integrations", null).body()).doesNotContain("invalid");
    }
}
