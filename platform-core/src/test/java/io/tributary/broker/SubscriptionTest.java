package io.tributary.broker;

import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.Mqtt5Unsubscribe;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAck;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAckReasonCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.Clients.Kind;
import io.tributary.broker.Clients.Received;
import io.tributary.broker.Clients.TestClient;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.tributary.broker.Raw.expect;
import static org.assertj.core.api.Assertions.assertThat;

/** SUBSCRIBE/UNSUBSCRIBE: wildcards, the $ rule, invalid filters, UNSUBACK codes, overlapping subscriptions. */
class SubscriptionTest {
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static List<String> topics(List<Received> got) {
        return got.stream().map(Received::topic).sorted().toList();
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"PAHO_V3_1_1", "PAHO_V5", "HIVEMQ_V5"})
    void plusAndHashWildcards(Kind kind) throws Exception {
        try (TestClient sub = kind.connect(broker, "sub");
             TestClient pub = Kind.PAHO_V3_1_1.connect(broker, "pub")) {
            sub.subscribe("home/+/temp", 1);
            sub.subscribe("office/#", 1);
            for (String t : List.of("home/kitchen/temp", "home/kitchen/humidity", "home/temp", "home/a/b/temp",
                    "office", "office/a/b", "officex", "home/kitchen/temp/x", "home//temp")) {
                pub.publish(t, t, 1, false);
            }
            pub.publish("end", "end", 1, false);
            sub.subscribe("end", 1);
            pub.publish("end", "end", 1, false);
            List<Received> got = new java.util.ArrayList<>();
            Received r;
            while ((r = sub.next(3000)) != null && !r.topic().equals("end")) {
                got.add(r);
            }
            assertThat(r).as("end marker").isNotNull();
            assertThat(topics(got)).containsExactly("home//temp", "home/kitchen/temp", "office", "office/a/b");
        }
    }

    @Test
    void dollarTopicsAreNotMatchedByWildcardsAtTheFirstLevel() throws Exception {
        try (TestClient wild = Kind.PAHO_V3_1_1.connect(broker, "wild");
             TestClient dollar = Kind.HIVEMQ_V5.connect(broker, "dollar");
             TestClient pub = Kind.PAHO_V3_1_1.connect(broker, "pub")) {
            wild.subscribe("#", 1);
            wild.subscribe("+/status", 1);
            dollar.subscribe("$app/#", 1);
            dollar.subscribe("$app/+", 1);
            pub.publish("$app/status", "d", 1, false);
            pub.publish("x/status", "x", 1, false);
            pub.publish("x/$app", "y", 1, false);

            List<Received> wildGot = wild.take(2);
            assertThat(topics(wildGot)).containsExactly("x/$app", "x/status");
            assertThat(wild.next(300)).isNull();
            assertThat(topics(dollar.take(1))).containsExactly("$app/status");
            assertThat(dollar.next(300)).as("overlapping subscriptions deliver once").isNull();
        }
    }

    @Test
    void invalidFiltersAreRefusedWith0x80WhileValidOnesAreGrantedMqtt311() throws Exception {
        invalidFiltersRefused(MqttVersion.MQTT_3_1_1, 0x80);
    }

    @Test
    void invalidFiltersAreRefusedWith0x8FWhileValidOnesAreGrantedMqtt5() throws Exception {
        invalidFiltersRefused(MqttVersion.MQTT_5, 0x8F);
    }

    private void invalidFiltersRefused(MqttVersion version, int failure) throws Exception {
        try (RawClient c = Raw.connect(broker, version, "raw", true);
             TestClient pub = Kind.PAHO_V3_1_1.connect(broker, "pub")) {
            c.send(MqttMessageBuilders.subscribe().messageId(7)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "ok/+")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "a/#/b")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "x+")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "$share/g")
                    .addSubscription(MqttQoS.EXACTLY_ONCE, "ok2/#")
                    .addSubscription(MqttQoS.AT_MOST_ONCE, "a/b#")
                    .build());
            MqttSubAckMessage ack = expect(c, MqttMessageType.SUBACK);
            assertThat(ack.variableHeader().messageId()).isEqualTo(7);
            assertThat(ack.payload().reasonCodes()).containsExactly(1, failure, failure, failure, 2, failure);

            pub.publish("ok/1", "a", 1, false);
            pub.publish("ok2/x/y", "b", 2, false);
            MqttPublishMessage first = expect(c, MqttMessageType.PUBLISH);
            assertThat(Raw.describe(first)).isEqualTo("ok/1=a");
            MqttPublishMessage second = expect(c, MqttMessageType.PUBLISH);
            assertThat(Raw.describe(second)).isEqualTo("ok2/x/y=b");
            assertThat(second.fixedHeader().qosLevel()).isEqualTo(MqttQoS.EXACTLY_ONCE);
            // the connection stays usable
            assertThat(broker.core().connection("raw")).isNotNull();
        }
    }

    @Test
    void unsubackCarriesMqtt5ReasonCodes() throws Exception {
        try (Clients.HiveV5 sub = new Clients.HiveV5(broker.tcpPort(), "sub");
             TestClient pub = Kind.PAHO_V3_1_1.connect(broker, "pub")) {
            sub.subscribe("u/a", 1);
            sub.subscribe("u/b/#", 1);
            Mqtt5UnsubAck ack = sub.client.unsubscribe(Mqtt5Unsubscribe.builder()
                    .addTopicFilter("u/a").addTopicFilter("u/none").addTopicFilter("u/b/#").build());
            assertThat(ack.getReasonCodes()).containsExactly(Mqtt5UnsubAckReasonCode.SUCCESS,
                    Mqtt5UnsubAckReasonCode.NO_SUBSCRIPTIONS_EXISTED, Mqtt5UnsubAckReasonCode.SUCCESS);
            pub.publish("u/a", "x", 1, false);
            pub.publish("u/b/c", "x", 1, false);
            assertThat(sub.next(500)).isNull();
            assertThat(broker.core().router().subscriptionCount()).isZero();
        }
    }

    @Test
    void rawUnsubackCodesAndUnsubscribeStopsDelivery() throws Exception {
        try (RawClient c = Raw.connect(broker, MqttVersion.MQTT_5, "raw", true);
             TestClient pub = Kind.PAHO_V3_1_1.connect(broker, "pub")) {
            Raw.subscribeOk(c, 1, MqttQoS.AT_MOST_ONCE, "u/+");
            c.send(MqttMessageBuilders.unsubscribe().messageId(2).addTopicFilter("u/+").addTopicFilter("nope")
                    .build());
            MqttUnsubAckMessage ack = expect(c, MqttMessageType.UNSUBACK);
            assertThat(ack.variableHeader().messageId()).isEqualTo(2);
            assertThat(ack.payload().unsubscribeReasonCodes()).containsExactly((short) 0x00, (short) 0x11);
            pub.publish("u/x", "x", 0, false);
            Raw.expectNothing(c, 300);
        }
    }

    @Test
    void mqtt311UnsubscribeStopsDelivery() throws Exception {
        try (TestClient sub = Kind.PAHO_V3_1_1.connect(broker, "sub");
             TestClient pub = Kind.HIVEMQ_V3.connect(broker, "pub")) {
            sub.subscribe("u/#", 1);
            pub.publish("u/1", "a", 1, false);
            assertThat(sub.take(1).get(0).text()).isEqualTo("a");
            sub.unsubscribe("u/#");
            pub.publish("u/1", "b", 1, false);
            assertThat(sub.next(400)).isNull();
        }
    }

    @Test
    void resubscribingReplacesTheSubscription() throws Exception {
        try (TestClient sub = Kind.HIVEMQ_V3.connect(broker, "sub");
             TestClient pub = Kind.PAHO_V3_1_1.connect(broker, "pub")) {
            sub.subscribe("r/+", 0);
            sub.subscribe("r/+", 2);
            pub.publish("r/1", "x", 2, false);
            Received r = sub.take(1).get(0);
            assertThat(r.qos()).isEqualTo(2);
            assertThat(sub.next(300)).isNull();
            assertThat(broker.core().router().subscriptionCount()).isEqualTo(1);
        }
    }

    @Test
    void overlappingSubscriptionsDeliverOnceWithMaxQosAndAllSubscriptionIdentifiers() throws Exception {
        BlockingQueue<MqttMessage> got = new LinkedBlockingQueue<>();
        MqttAsyncClient sub = new MqttAsyncClient(broker.tcpUri(), "paho5-sub", new MemoryPersistence());
        sub.setCallback(callback(got));
        MqttConnectionOptions opts = new MqttConnectionOptions();
        sub.connect(opts).waitForCompletion(5000);
        try (TestClient pub = Kind.HIVEMQ_V5.connect(broker, "pub")) {
            subscribeWithId(sub, new MqttSubscription("o/#", 0), 1);
            subscribeWithId(sub, new MqttSubscription("o/+", 2), 2);
            sub.subscribe(new MqttSubscription("o/x", 1)).waitForCompletion(5000);

            pub.publish("o/x", "x", 2, false);
            MqttMessage m = got.poll(5, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m.getQos()).isEqualTo(2);
            assertThat(m.getProperties().getSubscriptionIdentifiers()).containsExactlyInAnyOrder(1, 2);
            assertThat(got.poll(300, TimeUnit.MILLISECONDS)).as("delivered once").isNull();

            pub.publish("o/y", "y", 1, false);
            m = got.poll(5, TimeUnit.SECONDS);
            assertThat(m.getQos()).isEqualTo(1);
            assertThat(m.getProperties().getSubscriptionIdentifiers()).containsExactlyInAnyOrder(1, 2);

            pub.publish("o/y/z", "z", 2, false);
            m = got.poll(5, TimeUnit.SECONDS);
            assertThat(m.getQos()).isZero();
            assertThat(m.getProperties().getSubscriptionIdentifiers()).containsExactly(1);
            assertThat(got.poll(300, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            sub.disconnect().waitForCompletion(2000);
            sub.close();
        }
    }

    @Test
    void mqtt311OverlappingSubscriptionsDeliverOnceWithMaxQos() throws Exception {
        try (TestClient sub = Kind.PAHO_V3_1_1.connect(broker, "sub");
             TestClient pub = Kind.PAHO_V3_1_1.connect(broker, "pub")) {
            sub.subscribe("o/#", 1);
            sub.subscribe("o/+", 0);
            sub.subscribe("+/x", 2);
            pub.publish("o/x", "x", 2, false);
            Received r = sub.take(1).get(0);
            assertThat(r.qos()).isEqualTo(2);
            assertThat(sub.next(300)).isNull();
        }
    }

    static void subscribeWithId(MqttAsyncClient client, MqttSubscription s, int id) throws MqttException {
        MqttProperties props = new MqttProperties();
        props.setSubscriptionIdentifier(id);
        IMqttToken token = client.subscribe(new MqttSubscription[]{s}, null, null, props);
        token.waitForCompletion(5000);
        assertThat(token.getReasonCodes()).containsExactly(s.getQos());
    }

    static MqttCallback callback(BlockingQueue<MqttMessage> got) {
        return new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                got.add(message);
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        };
    }
}
