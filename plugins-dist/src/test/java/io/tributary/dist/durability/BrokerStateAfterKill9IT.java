package io.tributary.dist.durability;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, proof 6: the broker's own state survives kill -9 ({@code mqtt.persistence=true}).
 * A subscriber with a persistent session (clean start off, session expiry 1 h) subscribes at
 * QoS 1 and goes offline; N QoS 1 messages for it are acknowledged to their publisher, and a
 * retained message is stored; then the platform is killed. After the restart the subscriber
 * resumes its session and receives all N; a new subscriber gets the retained message.
 */
class BrokerStateAfterKill9IT {
    private static final int N = 200;
    private static final long SESSION_EXPIRY = 3600;

    @Test
    void persistentSessionAndRetainedMessageSurviveKill9() throws Exception {
        try (Installation platform = Installation.unpack("broker-state", Map.of("mqtt.persistence", "true"))) {
            platform.start();

            Mqtt5AsyncClient subscriber = client("persistent-sub", platform.mqttPort());
            subscriber.connectWith().cleanStart(true).sessionExpiryInterval(SESSION_EXPIRY).send()
                    .get(10, TimeUnit.SECONDS);
            subscriber.subscribeWith().topicFilter("sess/#").qos(MqttQos.AT_LEAST_ONCE).send()
                    .get(10, TimeUnit.SECONDS);
            subscriber.disconnect().get(10, TimeUnit.SECONDS);

            Mqtt5AsyncClient publisher = client("sess-pub", platform.mqttPort());
            publisher.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
            List<CompletableFuture<Mqtt5PublishResult>> acks = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                acks.add(publisher.publishWith().topic("sess/data").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("s-" + i).getBytes(StandardCharsets.UTF_8)).send());
            }
            acks.add(publisher.publishWith().topic("retained/state").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload("retained-1".getBytes(StandardCharsets.UTF_8)).send());
            for (CompletableFuture<Mqtt5PublishResult> ack : acks) {
                Mqtt5PublishResult r = ack.get(30, TimeUnit.SECONDS);
                assertThat(r.getError()).as("PUBACK of %s", r.getPublish()).isEmpty();
            }

            platform.kill9();
            platform.start();

            Set<String> received = ConcurrentHashMap.newKeySet();
            Mqtt5AsyncClient resumed = client("persistent-sub", platform.mqttPort());
            resumed.publishes(MqttGlobalPublishFilter.ALL, p -> received.add(text(p)));
            Mqtt5ConnAck connAck = resumed.connectWith().cleanStart(false).sessionExpiryInterval(SESSION_EXPIRY)
                    .send().get(10, TimeUnit.SECONDS);
            Set<String> expected = IntStream.range(0, N).mapToObj(i -> "s-" + i).collect(Collectors.toSet());
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> received.containsAll(expected));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // fall through to the assertions, which say what is missing
            }
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(received);

            Set<String> retained = ConcurrentHashMap.newKeySet();
            Mqtt5AsyncClient newcomer = client("newcomer", platform.mqttPort());
            newcomer.publishes(MqttGlobalPublishFilter.ALL,
                    p -> retained.add(text(p) + (p.isRetain() ? " (retained)" : "")));
            newcomer.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
            newcomer.subscribeWith().topicFilter("retained/#").qos(MqttQos.AT_LEAST_ONCE).send()
                    .get(10, TimeUnit.SECONDS);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> !retained.isEmpty());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // asserted below
            }
            Tally.record(String.format("persistent session + retained, kill -9: session present %s, %d acked for the "
                            + "offline subscriber, received %d after the restart, missing %d, retained %s",
                    connAck.isSessionPresent(), N, received.size(), missing.size(), retained));

            assertThat(connAck.isSessionPresent()).as("the session survived the kill").isTrue();
            assertThat(missing).as("acknowledged for the offline subscriber, not delivered after the restart")
                    .isEmpty();
            assertThat(retained).as("the retained message survived the kill").containsExactly("retained-1 (retained)");

            resumed.disconnect();
            newcomer.disconnect();
            publisher.disconnect();
        }
    }

    private static Mqtt5AsyncClient client(String id, int port) {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(port)
                .buildAsync();
    }

    private static String text(Mqtt5Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }
}
