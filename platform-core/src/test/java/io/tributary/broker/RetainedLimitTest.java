package io.tributary.broker;

import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.Clients.Kind;
import io.tributary.broker.Clients.Received;
import io.tributary.broker.Clients.TestClient;
import io.tributary.broker.limits.LimitEvents.Limit;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.tributary.broker.TopicLevelLimitTest.retainedPublish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * mqtt.retained.max-messages and max-bytes: a retained publish to a new topic beyond them is
 * delivered and acknowledged but not retained; replacing and clearing are always possible.
 */
class RetainedLimitTest {

    @Test
    void beyondTheMessageLimitANewTopicIsDeliveredButNotRetained() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.retained.max-messages", "2"));
             TestClient live = Kind.PAHO_V3_1_1.connect(broker, "live");
             TestClient pub = Kind.HIVEMQ_V5.connect(broker, "pub")) {
            live.subscribe("r/#", 1);
            pub.publish("r/a", "a1", 1, true);
            pub.publish("r/b", "b1", 1, true);
            pub.publish("r/c", "c1", 1, true);
            assertThat(live.take(3)).extracting(Received::text).containsExactly("a1", "b1", "c1");
            assertThat(broker.core().retained().size()).isEqualTo(2);
            assertThat(broker.core().limitEvents().count(Limit.RETAINED)).isEqualTo(1);

            // replacing a retained topic and clearing one are always possible
            pub.publish("r/a", "a2", 1, true);
            pub.publish("r/b", "", 1, true);
            await().until(() -> broker.core().retained().size() == 1);
            pub.publish("r/c", "c2", 1, true);
            await().until(() -> broker.core().retained().size() == 2);

            try (TestClient late = Kind.HIVEMQ_V5.connect(broker, "late")) {
                late.subscribe("r/#", 1);
                assertThat(late.take(2)).extracting(r -> r.topic() + "=" + r.text())
                        .containsExactlyInAnyOrder("r/a=a2", "r/c=c2");
                assertThat(late.next(300)).isNull();
            }
        }
    }

    @Test
    void beyondTheByteLimitTheSameAndTheMqtt5PublisherGetsSuccess() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.retained.max-bytes", "100"));
             RawClient pub = Raw.connect(broker, MqttVersion.MQTT_5, "pub", true)) {
            pub.send(retainedPublish("big", 1, "x".repeat(90))); // 3 + 90 bytes
            assertThat(Raw.reasonCode(Raw.expect(pub, MqttMessageType.PUBACK))).isZero();
            pub.send(retainedPublish("more", 2, "x".repeat(10))); // 93 + 14 > 100
            assertThat(Raw.reasonCode(Raw.expect(pub, MqttMessageType.PUBACK))).isZero();
            assertThat(broker.core().retained().size()).isEqualTo(1);
            assertThat(broker.core().retained().bytes()).isEqualTo(93);
            // a bigger value for a topic already retained replaces it
            pub.send(retainedPublish("big", 3, "y".repeat(150)));
            Raw.expect(pub, MqttMessageType.PUBACK);
            assertThat(broker.core().retained().match("big")).singleElement()
                    .satisfies(m -> assertThat(m.payload()).hasSize(150));
            assertThat(broker.core().limitEvents().count(Limit.RETAINED)).isEqualTo(1);
        }
    }
}
