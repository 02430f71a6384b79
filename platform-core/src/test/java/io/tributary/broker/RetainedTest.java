package io.tributary.broker;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.Clients.HiveV5;
import io.tributary.broker.Clients.Kind;
import io.tributary.broker.Clients.Received;
import io.tributary.broker.Clients.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Retained messages: stored, replaced, cleared, delivered on subscribe; MQTT 5 retain handling and retain as published. */
class RetainedTest {
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private void awaitRetained(int count) {
        await().until(() -> broker.core().retained().size() == count);
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"PAHO_V3_1_1", "PAHO_V5", "HIVEMQ_V3", "HIVEMQ_V5"})
    void storedReplacedClearedAndDeliveredOnSubscribe(Kind kind) throws Exception {
        try (TestClient pub = kind.connect(broker, "pub")) {
            pub.publish("r/a", "one", 1, true);
            awaitRetained(1);
            try (TestClient sub = kind.connect(broker, "sub1")) {
                sub.subscribe("r/#", 2);
                Received r = sub.take(1).get(0);
                assertThat(r.topic()).isEqualTo("r/a");
                assertThat(r.text()).isEqualTo("one");
                assertThat(r.retain()).isTrue();
                assertThat(r.qos()).isEqualTo(1);
                assertThat(sub.next(200)).isNull();
            }

            pub.publish("r/a", "two", 0, true);
            try (TestClient sub = kind.connect(broker, "sub2")) {
                sub.subscribe("r/+", 1);
                Received r = sub.take(1).get(0);
                assertThat(r.text()).isEqualTo("two");
                assertThat(r.retain()).isTrue();
                assertThat(r.qos()).isZero();
                assertThat(sub.next(200)).as("only the latest retained message").isNull();
            }

            pub.publish("r/a", new byte[0], 1, true);
            awaitRetained(0);
            try (TestClient sub = kind.connect(broker, "sub3")) {
                sub.subscribe("r/#", 1);
                assertThat(sub.next(400)).as("cleared by an empty retained payload").isNull();
            }
        }
    }

    @Test
    void liveSubscribersGetRetainedPublishesWithoutTheRetainFlagInMqtt311() throws Exception {
        try (TestClient sub = Kind.PAHO_V3_1_1.connect(broker, "sub");
             TestClient pub = Kind.PAHO_V3_1_1.connect(broker, "pub")) {
            sub.subscribe("live/#", 1);
            pub.publish("live/a", "x", 1, true);
            Received r = sub.take(1).get(0);
            assertThat(r.text()).isEqualTo("x");
            assertThat(r.retain()).isFalse();
            // the empty retained payload that clears it is forwarded as a normal message
            pub.publish("live/a", new byte[0], 1, true);
            Received clear = sub.take(1).get(0);
            assertThat(clear.payload()).isEmpty();
            assertThat(clear.retain()).isFalse();
        }
    }

    @Test
    void wildcardSubscriptionGetsEveryMatchingRetainedMessageButNotDollarTopics() throws Exception {
        try (TestClient pub = Kind.PAHO_V3_1_1.connect(broker, "pub")) {
            for (String t : List.of("w/a", "w/b/c", "w", "other/x", "$sys/w")) {
                pub.publish(t, t, 1, true);
            }
            awaitRetained(5);
            try (TestClient sub = Kind.HIVEMQ_V3.connect(broker, "sub")) {
                sub.subscribe("w/#", 1);
                assertThat(sub.take(3).stream().map(Received::topic).sorted()).containsExactly("w", "w/a", "w/b/c");
                assertThat(sub.next(200)).isNull();
            }
            try (TestClient sub = Kind.HIVEMQ_V3.connect(broker, "sub-all")) {
                sub.subscribe("#", 1);
                assertThat(sub.take(4).stream().map(Received::topic).sorted())
                        .containsExactly("other/x", "w", "w/a", "w/b/c");
                assertThat(sub.next(200)).isNull();
            }
        }
    }

    @Test
    void retainedMessagesOutliveThePublisherAndReachPersistentSessionsOnResubscribe() throws Exception {
        try (TestClient pub = Kind.HIVEMQ_V5.connect(broker, "pub")) {
            pub.publish("keep/a", "kept", 2, true);
        }
        awaitRetained(1);
        try (TestClient sub = Kind.PAHO_V5.connect(broker, "sub")) {
            sub.subscribe("keep/a", 2);
            Received r = sub.take(1).get(0);
            assertThat(r.text()).isEqualTo("kept");
            assertThat(r.qos()).isEqualTo(2);
            assertThat(r.retain()).isTrue();
        }
    }

    @Test
    void retainHandlingZeroSendsOnEverySubscribe() throws Exception {
        retainedAt("rh/a");
        try (HiveV5 sub = new HiveV5(broker.tcpPort(), "sub")) {
            subscribe(sub, "rh/#", Mqtt5RetainHandling.SEND, false);
            assertThat(sub.take(1).get(0).retain()).isTrue();
            subscribe(sub, "rh/#", Mqtt5RetainHandling.SEND, false);
            assertThat(sub.take(1).get(0).text()).isEqualTo("retained");
        }
    }

    @Test
    void retainHandlingOneSendsOnlyForANewSubscription() throws Exception {
        retainedAt("rh/a");
        try (HiveV5 sub = new HiveV5(broker.tcpPort(), "sub")) {
            subscribe(sub, "rh/#", Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST, false);
            Received r = sub.take(1).get(0);
            assertThat(r.text()).isEqualTo("retained");
            assertThat(r.retain()).isTrue();
            subscribe(sub, "rh/#", Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST, false);
            assertThat(sub.next(400)).as("subscription existed").isNull();
            // another new filter does get it
            subscribe(sub, "rh/+", Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST, false);
            assertThat(sub.take(1).get(0).text()).isEqualTo("retained");
        }
    }

    @Test
    void retainHandlingTwoNeverSendsRetainedMessages() throws Exception {
        retainedAt("rh/a");
        try (HiveV5 sub = new HiveV5(broker.tcpPort(), "sub")) {
            subscribe(sub, "rh/#", Mqtt5RetainHandling.DO_NOT_SEND, false);
            assertThat(sub.next(400)).isNull();
            // live messages still flow
            try (TestClient pub = Kind.PAHO_V3_1_1.connect(broker, "pub2")) {
                pub.publish("rh/b", "live", 1, false);
            }
            assertThat(sub.take(1).get(0).text()).isEqualTo("live");
        }
    }

    @Test
    void retainAsPublishedKeepsTheFlagOnForwardedMessagesOtherwiseItIsCleared() throws Exception {
        try (HiveV5 keep = new HiveV5(broker.tcpPort(), "keep");
             HiveV5 clear = new HiveV5(broker.tcpPort(), "clear");
             TestClient pub = Kind.PAHO_V5.connect(broker, "pub")) {
            subscribe(keep, "rap/#", Mqtt5RetainHandling.SEND, true);
            subscribe(clear, "rap/#", Mqtt5RetainHandling.SEND, false);

            pub.publish("rap/x", "retained", 1, true);
            assertThat(keep.take(1).get(0).retain()).isTrue();
            assertThat(clear.take(1).get(0).retain()).isFalse();

            pub.publish("rap/x", "normal", 1, false);
            assertThat(keep.take(1).get(0).retain()).isFalse();
            assertThat(clear.take(1).get(0).retain()).isFalse();
        }
    }

    /**
     * A retained value changing while clients subscribe: each subscriber sees every value at most
     * once and never an older value after a newer one (no duplicate from the retained copy of a
     * message it already got live, no stale retained value after a live one).
     */
    @Test
    void subscribingWhileRetainedValuesChangeGivesNoDuplicateOrStaleValue() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        try (RawClient pub = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "pub", true)) {
            Thread publisher = new Thread(() -> {
                try {
                    for (int i = 1; running.get(); i++) {
                        pub.send(new MqttPublishMessage(
                                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_MOST_ONCE, true, 0),
                                new MqttPublishVariableHeader("race/t", -1),
                                Unpooled.wrappedBuffer(String.valueOf(i).getBytes(StandardCharsets.UTF_8))));
                    }
                } catch (Exception e) {
                    // connection closed at the end
                }
            });
            publisher.start();
            try {
                for (int round = 0; round < 15; round++) {
                    try (RawClient sub = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "sub" + round, true)) {
                        sub.send(Raw.subscribe(1, MqttQoS.AT_MOST_ONCE, "race/t"));
                        long last = -1;
                        // watch for 60 ms from the first value (the retained one), at most 3 s in all
                        long end = System.currentTimeMillis() + 3000;
                        while (System.currentTimeMillis() < end) {
                            MqttMessage m = sub.receive(20);
                            if (m instanceof MqttPublishMessage p) {
                                long v = Long.parseLong(Raw.text(p));
                                assertThat(v).as("round " + round + ": value after " + last).isGreaterThan(last);
                                if (last < 0) {
                                    end = Math.min(end, System.currentTimeMillis() + 60);
                                }
                                last = v;
                            }
                        }
                        assertThat(last).as("round " + round + " got values").isPositive();
                    }
                }
            } finally {
                running.set(false);
                publisher.join(2000);
            }
        }
    }

    private void retainedAt(String topic) throws Exception {
        try (TestClient pub = Kind.PAHO_V3_1_1.connect(broker, "pub")) {
            pub.publish(topic, "retained", 1, true);
        }
        awaitRetained(1);
    }

    private static void subscribe(HiveV5 c, String filter, Mqtt5RetainHandling rh, boolean rap) {
        c.client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).retainHandling(rh)
                .retainAsPublished(rap).send();
    }
}
