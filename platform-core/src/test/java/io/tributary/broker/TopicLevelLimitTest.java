package io.tributary.broker;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.Clients.Kind;
import io.tributary.broker.Clients.TestClient;
import io.tributary.broker.limits.LimitEvents.Limit;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.tributary.broker.LifecycleClients.disconnectReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * mqtt.max-topic-levels for topic names and filters; and with the limit raised, a topic of
 * 30 000 levels goes through the subscription trie and the retained store without recursion.
 */
class TopicLevelLimitTest {

    /** A topic or filter of {@code levels} levels, each {@code level}. */
    static String deep(String level, int levels) {
        StringBuilder b = new StringBuilder(level);
        for (int i = 1; i < levels; i++) {
            b.append('/').append(level);
        }
        return b.toString();
    }

    /** A QoS 1 PUBLISH with the retain flag. */
    static MqttPublishMessage retainedPublish(String topic, int packetId, String payload) {
        return new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, true, 0),
                new MqttPublishVariableHeader(topic, packetId, MqttProperties.NO_PROPERTIES),
                Unpooled.wrappedBuffer(payload.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void publishingBeyondTheLimitIsRefusedWithTopicNameInvalidUpToTheLimitIsDelivered() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.max-topic-levels", "8"));
             TestClient sub = Kind.HIVEMQ_V5.connect(broker, "sub")) {
            sub.subscribe("#", 1);
            try (RawClient ok = Raw.connect(broker, MqttVersion.MQTT_5, "ok", true)) {
                ok.send(Raw.publish(deep("l", 8), MqttQoS.AT_LEAST_ONCE, 1, "eight", false));
                Raw.expect(ok, MqttMessageType.PUBACK);
            }
            assertThat(sub.take(1).get(0).topic()).isEqualTo(deep("l", 8));

            try (RawClient v5 = Raw.connect(broker, MqttVersion.MQTT_5, "deep5", true)) {
                v5.send(Raw.publish(deep("l", 9), MqttQoS.AT_LEAST_ONCE, 1, "nine", false));
                assertThat(disconnectReason(v5.receive(3000))).isEqualTo(0x90);
                assertThat(v5.closedWithin(3000)).isTrue();
            }
            try (RawClient v3 = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "deep3", true)) {
                v3.send(Raw.publish(deep("l", 9), MqttQoS.AT_MOST_ONCE, 0, "nine", false));
                assertThat(v3.closedWithin(3000)).isTrue();
            }
            assertThat(sub.next(300)).as("nothing of the refused publishes delivered").isNull();
            assertThat(broker.core().limitEvents().count(Limit.TOPIC_LEVELS)).isEqualTo(2);
        }
    }

    @Test
    void filtersBeyondTheLimitAreRefusedPerFilter() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.max-topic-levels", "4"));
             RawClient v5 = Raw.connect(broker, MqttVersion.MQTT_5, "f5", true);
             RawClient v3 = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "f3", true)) {
            v5.send(Raw.subscribe(1, MqttQoS.AT_LEAST_ONCE, "a/b/c/d/#", "a/+/c/#", "$share/g/a/b/c/d/e"));
            assertThat(Raw.subackCodes(Raw.expect(v5, MqttMessageType.SUBACK))).containsExactly(0x8F, 1, 0x8F);
            v3.send(Raw.subscribe(1, MqttQoS.AT_MOST_ONCE, "+/+/+/+/+", "+/+/+/+"));
            assertThat(Raw.subackCodes(Raw.expect(v3, MqttMessageType.SUBACK))).containsExactly(0x80, 0);
        }
    }

    @Test
    void aWillTopicBeyondTheLimitRefusesTheConnect() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.max-topic-levels", "2"));
             RawClient c = new RawClient(broker.tcpPort(), MqttVersion.MQTT_5)) {
            c.send(io.netty.handler.codec.mqtt.MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5)
                    .clientId("will").cleanSession(true).willFlag(true).willTopic("w/x/y")
                    .willMessage(new byte[]{1}).willQoS(MqttQoS.AT_MOST_ONCE).build());
            assertThat(LifecycleClients.connackCode(c.receive(3000)))
                    .isEqualTo(io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID);
        }
    }

    /**
     * 30 000 levels: deep enough that any recursive walk of the trie or the retained store would
     * overflow an event-loop thread's stack. Published, routed to wildcard and exact subscribers,
     * retained, delivered to a later subscriber and cleared.
     */
    @Test
    void aTopicOf30000LevelsIsRoutedRetainedAndClearedWhenTheLimitIsRaised() throws Exception {
        String topic = deep("t", 30_000);
        String plus = deep("+", 30_000);
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.max-topic-levels", "40000"));
             RawClient sub = Raw.connect(broker, MqttVersion.MQTT_5, "deep-sub", true);
             RawClient pub = Raw.connect(broker, MqttVersion.MQTT_5, "deep-pub", true)) {
            sub.send(Raw.subscribe(1, MqttQoS.AT_LEAST_ONCE, "#", topic, plus, "t/t/#"));
            assertThat(Raw.subackCodes(Raw.expect(sub, MqttMessageType.SUBACK))).containsExactly(1, 1, 1, 1);

            pub.send(retainedPublish(topic, 7, "deep"));
            assertThat(Raw.packetId(Raw.expect(pub, MqttMessageType.PUBACK))).isEqualTo(7);
            MqttPublishMessage got = Raw.expect(sub, MqttMessageType.PUBLISH);
            assertThat(got.variableHeader().topicName()).isEqualTo(topic);
            assertThat(Raw.text(got)).isEqualTo("deep");
            sub.send(Raw.reply(MqttMessageType.PUBACK, Raw.packetId(got)));
            assertThat(sub.receive(300)).as("one delivery for four matching filters").isNull();
            await().until(() -> broker.core().retained().size() == 1);

            try (RawClient late = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "deep-late", true)) {
                late.send(Raw.subscribe(1, MqttQoS.AT_MOST_ONCE, plus));
                Raw.expect(late, MqttMessageType.SUBACK);
                MqttPublishMessage r = Raw.expect(late, MqttMessageType.PUBLISH);
                assertThat(r.fixedHeader().isRetain()).isTrue();
                assertThat(r.variableHeader().topicName()).isEqualTo(topic);
            }

            pub.send(retainedPublish(topic, 8, ""));
            Raw.expect(pub, MqttMessageType.PUBACK);
            await().until(() -> broker.core().retained().size() == 0);
            sub.send(Raw.subscribe(2, MqttQoS.AT_MOST_ONCE, topic));
            MqttMessage m;
            while ((m = sub.receive(500)) != null) {
                // the live copy of the clearing publish and the SUBACK; no retained message any more
                assertThat(m.fixedHeader().messageType() == MqttMessageType.PUBLISH
                        && m.fixedHeader().isRetain()).as("retained message after clearing").isFalse();
            }
        }
    }
}
