package io.tributary.broker;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.Clients.Kind;
import io.tributary.broker.Clients.TestClient;
import io.tributary.broker.message.BrokerMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tributary.broker.TopicLevelLimitTest.retainedPublish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Collecting retained messages for a new subscription holds no lock that publishers or other
 * subscribers need, and still gives each subscriber every retained value once, never an older
 * value after a newer one.
 */
class RetainedCollectionTest {
    private static final int RETAINED = 5000;

    private static void fill(TestBroker broker, int count) {
        for (int i = 0; i < count; i++) {
            broker.core().publish(new BrokerMessage("r/" + i, "v0".getBytes(StandardCharsets.UTF_8), 0, true, "fill",
                    System.currentTimeMillis(), 0, BrokerMessage.ForwardedProperties.NONE));
        }
        assertThat(broker.core().retained().size()).isEqualTo(count);
    }

    /**
     * The walk over the retained store is stopped half way (in the visitor) while, from other
     * connections, a client publishes a retained message and is acknowledged and another subscribes
     * to '#' and gets its retained messages. With a lock held during the walk neither could finish.
     */
    @Test
    void publishersAndSubscribersAreNotHeldUpWhileRetainedMessagesAreCollected() throws Exception {
        try (TestBroker broker = TestBroker.start();
             RawClient pub = Raw.connect(broker, MqttVersion.MQTT_5, "pub", true);
             RawClient other = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "other", true)) {
            fill(broker, RETAINED);
            AtomicInteger visited = new AtomicInteger();
            CompletableFuture<Void> duringWalk = new CompletableFuture<>();
            broker.core().retained().forEachMatch("#", slot -> {
                if (visited.incrementAndGet() != RETAINED / 2) {
                    return;
                }
                try {
                    pub.send(retainedPublish("elsewhere/x", 1, "new"));
                    assertThat(Raw.packetId(Raw.expect(pub, MqttMessageType.PUBACK))).isEqualTo(1);
                    other.send(Raw.subscribe(1, MqttQoS.AT_MOST_ONCE, "r/#"));
                    Raw.expect(other, MqttMessageType.SUBACK);
                    for (int i = 0; i < RETAINED; i++) {
                        MqttMessage m = Raw.expect(other, MqttMessageType.PUBLISH);
                        assertThat(m.fixedHeader().isRetain()).isTrue();
                    }
                    duringWalk.complete(null);
                } catch (Throwable e) {
                    duringWalk.completeExceptionally(e);
                }
            });
            duringWalk.get(1, TimeUnit.SECONDS); // already done: the visitor ran it
            assertThat(visited.get()).isGreaterThanOrEqualTo(RETAINED);
            assertThat(broker.core().retained().size()).isEqualTo(RETAINED + 1);
        }
    }

    /**
     * Subscribing to '#' over thousands of retained topics while they are being updated: per topic,
     * values arrive in increasing order, none twice, and the last one published arrives.
     */
    @Test
    void subscribingDuringUpdatesGivesEachValueOnceInOrder() throws Exception {
        int updates = 3;
        try (TestBroker broker = TestBroker.start();
             TestClient pub = Kind.HIVEMQ_V3.connect(broker, "pub")) {
            fill(broker, RETAINED);
            Thread publisher = new Thread(() -> {
                try {
                    for (int v = 1; v <= updates; v++) {
                        for (int i = 0; i < RETAINED; i += 7) {
                            pub.publish("r/" + i, "v" + v, 0, true);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (RawClient sub = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "sub", true)) {
                publisher.start();
                Raw.subscribeOk(sub, 1, MqttQoS.AT_MOST_ONCE, "r/#");
                publisher.join(30_000);
                Map<String, Integer> last = new HashMap<>();
                MqttMessage m;
                while ((m = sub.receive(1000)) != null) {
                    MqttPublishMessage p = (MqttPublishMessage) m;
                    int value = Integer.parseInt(Raw.text(p).substring(1));
                    Integer before = last.put(p.variableHeader().topicName(), value);
                    assertThat(before == null || value > before)
                            .as("%s: v%s after v%s", p.variableHeader().topicName(), value, before).isTrue();
                }
                assertThat(last).hasSize(RETAINED);
                for (int i = 0; i < RETAINED; i += 7) {
                    assertThat(last.get("r/" + i)).as("last value of r/" + i).isEqualTo(updates);
                }
            }
            await().until(() -> broker.core().retained().size() == RETAINED);
        }
    }
}
