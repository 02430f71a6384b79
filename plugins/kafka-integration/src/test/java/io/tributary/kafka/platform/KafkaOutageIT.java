package io.tributary.kafka.platform;

import io.tributary.kafka.TestCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** No message loss when Kafka is down: QoS 1 messages published during a 30 s outage all arrive. */
class KafkaOutageIT {
    @TempDir
    Path dir;

    @Test
    void everyQos1MessageArrivesAfterKafkaComesBack() throws Exception {
        try (TestCluster kafka = TestCluster.plain();
             PlatformWithKafkaPlugin platform = new PlatformWithKafkaPlugin(dir,
                     Map.of("integration.retry-initial-ms", "500", "integration.retry-max-ms", "4000",
                             "integration.process-timeout-ms", "15000"))) {
            kafka.createTopic("outage", 1);
            String id = platform.create("""
                    {"name": "outage", "type": "KAFKA",
                     "configuration": {"topicFilters": ["tbmq/#"],
                       "clientConfiguration": {"bootstrapServers": "%s", "topic": "outage", "sendOnlyMsgPayload": true},
                       "metadata": {}}}""".formatted(kafka.bootstrap()));
            await().atMost(Duration.ofSeconds(20)).until(() -> platform.status(id).equals("ACTIVE"));

            MqttAsyncClient device = new MqttAsyncClient(platform.mqttUri(), "outage-device", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(1000);
            device.connect(options).waitForCompletion(5000);
            List<IMqttDeliveryToken> tokens = new ArrayList<>();
            int sent = 0;
            for (; sent < 10; sent++) {
                tokens.add(device.publish("tbmq/outage", ("m" + sent).getBytes(StandardCharsets.UTF_8), 1, false));
            }
            kafka.stopBroker();
            long downUntil = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < downUntil) {
                tokens.add(device.publish("tbmq/outage", ("m" + sent).getBytes(StandardCharsets.UTF_8), 1, false));
                sent++;
                Thread.sleep(1000);
            }
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                    assertThat(platform.get(id).get("status").get("connected").asBoolean(true)).isFalse());
            kafka.startBroker();
            for (int i = 0; i < 5; i++, sent++) {
                tokens.add(device.publish("tbmq/outage", ("m" + sent).getBytes(StandardCharsets.UTF_8), 1, false));
            }
            for (IMqttDeliveryToken t : tokens) {
                t.waitForCompletion(60_000);
            }

            int total = sent;
            Set<String> seen = new HashSet<>();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                for (ConsumerRecord<byte[], byte[]> r : kafka.consume("outage", total, Duration.ofSeconds(5))) {
                    seen.add(new String(r.value(), StandardCharsets.UTF_8));
                }
                assertThat(seen).hasSize(total);
            });
            JsonNode stats = platform.get(id).get("statistics");
            assertThat(stats.get("failed").asLong()).isPositive();
            assertThat(stats.get("retried").asLong()).isPositive();
            assertThat(stats.get("abandoned").asLong()).isZero();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(platform.get(id).get("status").get("connected").asBoolean(false)).isTrue());
            device.disconnect().waitForCompletion(2000);
            device.close();
        }
    }
}
