package io.tributary.broker;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.Clients.Kind;
import io.tributary.broker.Clients.TestClient;
import io.tributary.broker.limits.LimitEvents.Limit;
import io.tributary.broker.protocol.MqttConnection;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * mqtt.outbound.high-water-mark-bytes and mqtt.outbound.slow-consumer: a QoS 0 subscriber that
 * stops reading costs the broker a bounded amount of memory, does not hold up other subscribers,
 * and loses QoS 0 messages (counted) or its connection.
 */
class SlowConsumerTest {
    /** Room for a reader that lags by a hundred messages: subscribers that read are never slow. */
    private static final int HIGH_WATER_MARK = 1024 * 1024;
    private static final int PAYLOAD = 8 * 1024;
    /** 32 MiB: far more than the operating system's socket buffers take in. */
    private static final int MESSAGES = 4096;

    @Test
    void qos0MessagesToASubscriberThatStopsReadingAreDroppedAndCountedMemoryStaysBounded() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of(
                "mqtt.outbound.high-water-mark-bytes", String.valueOf(HIGH_WATER_MARK)));
             RawClient slow = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "slow", true);
             TestClient fast = Kind.PAHO_V3_1_1.connect(broker, "fast");
             TestClient pub = Kind.HIVEMQ_V3.connect(broker, "pub")) {
            Raw.subscribeOk(slow, 1, MqttQoS.AT_MOST_ONCE, "flood/#");
            fast.subscribe("flood/#", 0);
            MqttConnection slowConnection = (MqttConnection) broker.core().connection("slow");
            long peak = flood(pub, fast, slowConnection);

            // every message reached the subscriber that reads, in order
            for (int i = 0; i < MESSAGES; i++) {
                assertThat(fast.received().poll(10, java.util.concurrent.TimeUnit.SECONDS))
                        .as("message " + i + " to the fast subscriber").isNotNull()
                        .satisfies(r -> assertThat(r.payload()).hasSize(PAYLOAD));
            }
            long dropped = slowConnection.droppedQos0();
            assertThat(dropped).as("QoS 0 messages dropped for the slow subscriber").isPositive();
            assertThat(broker.core().limitEvents().count(Limit.SLOW_CONSUMER_DROPS)).isEqualTo(dropped);
            // what waits for the slow client stays near the mark, not the 64 MiB sent
            assertThat(peak).isLessThanOrEqualTo(2L * HIGH_WATER_MARK + 2L * (PAYLOAD + 64));

            // once it reads again it gets what was kept for it (not everything) and new messages
            int got = 0;
            MqttMessage m;
            while ((m = slow.receive(1000)) != null) {
                assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBLISH);
                got++;
            }
            assertThat((long) got).isEqualTo(MESSAGES - dropped);
            pub.publish("flood/after", "after", 0, false);
            assertThat(Raw.text(Raw.expect(slow, MqttMessageType.PUBLISH))).isEqualTo("after");
        }
    }

    @Test
    void withTheDisconnectPolicyTheSlowSubscriberIsDisconnectedOthersGetEverything() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of(
                "mqtt.outbound.high-water-mark-bytes", String.valueOf(HIGH_WATER_MARK),
                "mqtt.outbound.slow-consumer", "disconnect"));
             RawClient slow = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "slow", true);
             TestClient fast = Kind.HIVEMQ_V5.connect(broker, "fast");
             TestClient pub = Kind.HIVEMQ_V3.connect(broker, "pub")) {
            Raw.subscribeOk(slow, 1, MqttQoS.AT_MOST_ONCE, "flood/#");
            fast.subscribe("flood/#", 0);
            flood(pub, fast, (MqttConnection) broker.core().connection("slow"));
            await().until(() -> broker.core().connection("slow") == null);
            assertThat(broker.core().limitEvents().count(Limit.SLOW_CONSUMER_DISCONNECTS)).isEqualTo(1);
            assertThat(fast.take(MESSAGES)).hasSize(MESSAGES);
        }
    }

    @Test
    void qos1MessagesToASlowSubscriberStayQueuedInItsSession() throws Exception {
        // room for all 100 behind the window: what a connected subscriber's full queue does is SlowSubscriberTest's
        try (TestBroker broker = TestBroker.start(Map.of(
                "mqtt.outbound.high-water-mark-bytes", String.valueOf(HIGH_WATER_MARK),
                "session.max-queued-messages-online", "100"));
             RawClient slow = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "slow1", true);
             TestClient pub = Kind.HIVEMQ_V3.connect(broker, "pub")) {
            Raw.subscribeOk(slow, 1, MqttQoS.AT_LEAST_ONCE, "q/#");
            for (int i = 0; i < 100; i++) {
                pub.publish("q/" + i, new byte[PAYLOAD], 1, false);
            }
            MqttConnection c = (MqttConnection) broker.core().connection("slow1");
            assertThat(c.droppedQos0()).isZero();
            var session = broker.core().sessions().get("slow1");
            // in flight up to the window, the rest queued: nothing lost
            await().until(() -> session.inflightCount() + session.queuedCount() == 100);
        }
    }

    /**
     * Publishes the flood at the pace of the subscriber that reads (never more than a few messages
     * ahead of it: QoS 0 has no flow control, a publisher faster than every reader would make every
     * reader slow); returns the peak backlog of the slow subscriber.
     */
    private static long flood(TestClient pub, TestClient reader, MqttConnection slow) throws Exception {
        byte[] payload = new byte[PAYLOAD];
        long peak = 0;
        for (int i = 0; i < MESSAGES; i++) {
            pub.publish("flood/" + (i % 16), payload, 1, false);
            long deadline = System.currentTimeMillis() + 10_000;
            while (reader.received().size() < i - 16) {
                assertThat(System.currentTimeMillis()).as("reader keeps up").isLessThan(deadline);
                Thread.sleep(1);
            }
            if (slow.channel().isActive()) {
                peak = Math.max(peak, slow.pendingOutboundBytes());
            }
        }
        return peak;
    }
}
