package io.tributary.dist.durability;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, Kafka to MQTT: kill -9 of the platform while a {@code KAFKA_TO_MQTT} integration
 * consumes a topic that is still being written to. Offsets are committed only after the broker
 * accepted a message (for the offline persistent subscriber: journaled in its session), so after
 * the restart the integration resumes from the last commit and the subscriber receives every
 * record: lost = 0, duplicates (accepted, not yet committed at the kill) counted.
 */
class KafkaToMqttKill9IT {
    private static final String TOPIC = "k2m-kill9";
    private static final int N = 5000;
    private static final long SESSION_EXPIRY = 3600;

    @Test
    void everyRecordReachesThePersistentSubscriberAfterKill9MidStream() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start();
             Installation platform = Installation.unpack("kill9-kafka-to-mqtt", Map.of(
                     "mqtt.persistence", "true", "session.max-queued-messages", "100000"))) {
            kafka.createTopic(TOPIC);
            platform.start();

            // a persistent QoS 1 subscription, offline while the records arrive: they queue in its session
            Mqtt5AsyncClient subscriber = client("k2m-sub", platform.mqttPort());
            subscriber.connectWith().cleanStart(true).sessionExpiryInterval(SESSION_EXPIRY).send()
                    .get(10, TimeUnit.SECONDS);
            subscriber.subscribeWith().topicFilter("k2m/#").qos(MqttQos.AT_LEAST_ONCE).send()
                    .get(10, TimeUnit.SECONDS);
            subscriber.disconnect().get(10, TimeUnit.SECONDS);

            AdminApi admin = platform.admin();
            String id = admin.createSource("kafka-to-mqtt-kill9", "KAFKA_TO_MQTT", Map.of(
                    "bootstrapServers", kafka.bootstrap(), "topics", List.of(TOPIC),
                    "mqttTopic", "k2m/${kafka.partition}", "qos", "1", "maxInFlight", 50));
            Integrations.awaitStatus(admin, id, "ACTIVE", Duration.ofSeconds(60));

            AtomicInteger produced = new AtomicInteger();
            Thread writer = new Thread(() -> {
                try (KafkaProducer<String, String> producer = kafka.producer()) {
                    for (int i = 0; i < N; i++) {
                        producer.send(new ProducerRecord<>(TOPIC, "k" + i, "r-" + i));
                        produced.incrementAndGet();
                        if (i % 250 == 249) {
                            producer.flush();
                            sleep(50);
                        }
                    }
                    producer.flush();
                }
            }, "k2m-writer");
            writer.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> admin.statistics(id).get("succeeded").asLong() >= 500);
            long acceptedBeforeKill = admin.statistics(id).get("succeeded").asLong();
            platform.kill9();
            writer.join(120_000);
            assertThat(produced.get()).isEqualTo(N);
            assertThat(acceptedBeforeKill).as("killed mid-stream").isLessThan(N);

            platform.start();
            ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
            Mqtt5AsyncClient resumed = client("k2m-sub", platform.mqttPort());
            resumed.publishes(MqttGlobalPublishFilter.ALL,
                    p -> received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
            Mqtt5ConnAck connAck = resumed.connectWith().cleanStart(false).sessionExpiryInterval(SESSION_EXPIRY)
                    .send().get(10, TimeUnit.SECONDS);
            Set<String> expected = IntStream.range(0, N).mapToObj(i -> "r-" + i).collect(Collectors.toSet());
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> Set.copyOf(received).containsAll(expected));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // the assertions below say what is missing
            }
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(Set.copyOf(received));
            int duplicates = received.size() - Set.copyOf(received).size();
            Tally.record(String.format("Kafka to MQTT, kill -9 mid-stream: produced %d, accepted before the kill %d, "
                            + "received %d, unique %d, lost %d, duplicates %d", N, acceptedBeforeKill,
                    received.size(), Set.copyOf(received).size(), missing.size(), duplicates));

            assertThat(connAck.isSessionPresent()).as("the subscriber's session survived the kill").isTrue();
            assertThat(missing).as("records in Kafka never delivered to the subscriber (first 20): %s",
                    missing.stream().limit(20).toList()).isEmpty();
            resumed.disconnect();
        }
    }

    private static Mqtt5AsyncClient client(String id, int port) {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(port)
                .buildAsync();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
