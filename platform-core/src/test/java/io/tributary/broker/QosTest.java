package io.tributary.broker;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.Clients.Received;
import io.tributary.broker.Clients.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.tributary.broker.Raw.expect;
import static io.tributary.broker.Raw.expectNothing;
import static io.tributary.broker.Raw.packetId;
import static io.tributary.broker.Raw.publish;
import static io.tributary.broker.Raw.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** QoS 1 and 2 flows at packet level: packet ids, duplicates, and re-sending in-flight messages on reconnect. */
class QosTest {
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private TestClient pahoSubscriber(String filter) throws Exception {
        TestClient sub = Clients.Kind.PAHO_V3_1_1.connect(broker, "paho-sub");
        sub.subscribe(filter, 2);
        return sub;
    }

    @Test
    void inboundQos1IsAcknowledgedWithItsPacketId() throws Exception {
        try (TestClient sub = pahoSubscriber("q/#");
             RawClient pub = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "raw-pub", true)) {
            pub.send(publish("q/1", MqttQoS.AT_LEAST_ONCE, 17, "one", false));
            MqttMessage ack = expect(pub, MqttMessageType.PUBACK);
            assertThat(packetId(ack)).isEqualTo(17);
            Received r = sub.take(1).get(0);
            assertThat(r.text()).isEqualTo("one");
            assertThat(r.qos()).isEqualTo(1);
        }
    }

    @Test
    void inboundQos2CompletesWithPubrecPubrelPubcomp() throws Exception {
        try (TestClient sub = pahoSubscriber("q/#");
             RawClient pub = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "raw-pub", true)) {
            pub.send(publish("q/2", MqttQoS.EXACTLY_ONCE, 300, "two", false));
            assertThat(packetId(expect(pub, MqttMessageType.PUBREC))).isEqualTo(300);
            pub.send(reply(MqttMessageType.PUBREL, 300));
            assertThat(packetId(expect(pub, MqttMessageType.PUBCOMP))).isEqualTo(300);
            Received r = sub.take(1).get(0);
            assertThat(r.text()).isEqualTo("two");
            assertThat(r.qos()).isEqualTo(2);
            await().until(() -> broker.core().sessions().get("raw-pub").inboundQos2Count() == 0);
        }
    }

    @Test
    void duplicateQos2PublishBeforePubrelIsDeliveredOnce() throws Exception {
        try (TestClient sub = pahoSubscriber("q/#");
             RawClient pub = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "raw-pub", true)) {
            pub.send(publish("q/dup", MqttQoS.EXACTLY_ONCE, 5, "once", false));
            assertThat(packetId(expect(pub, MqttMessageType.PUBREC))).isEqualTo(5);
            // the client did not see the PUBREC and sends the same packet again, with DUP set
            pub.send(publish("q/dup", MqttQoS.EXACTLY_ONCE, 5, "once", true));
            assertThat(packetId(expect(pub, MqttMessageType.PUBREC))).isEqualTo(5);
            pub.send(publish("q/dup", MqttQoS.EXACTLY_ONCE, 5, "once", true));
            assertThat(packetId(expect(pub, MqttMessageType.PUBREC))).isEqualTo(5);
            pub.send(reply(MqttMessageType.PUBREL, 5));
            assertThat(packetId(expect(pub, MqttMessageType.PUBCOMP))).isEqualTo(5);

            assertThat(sub.take(1).get(0).text()).isEqualTo("once");
            assertThat(sub.next(300)).as("delivered a second time").isNull();

            // after PUBREL the id is free again: a new message with it is a new message
            pub.send(publish("q/dup", MqttQoS.EXACTLY_ONCE, 5, "again", false));
            assertThat(packetId(expect(pub, MqttMessageType.PUBREC))).isEqualTo(5);
            assertThat(sub.take(1).get(0).text()).isEqualTo("again");
        }
    }

    @Test
    void pubrelForAnUnknownPacketIdIsCompletedWithPacketIdNotFound() throws Exception {
        try (RawClient c = Raw.connect(broker, MqttVersion.MQTT_5, "raw5", true)) {
            c.send(reply(MqttMessageType.PUBREL, 999));
            MqttMessage comp = expect(c, MqttMessageType.PUBCOMP);
            assertThat(packetId(comp)).isEqualTo(999);
            assertThat(Raw.reasonCode(comp)).isEqualTo(0x92);
        }
    }

    @Test
    void outgoingQos1MessagesInFlightHaveDistinctPacketIdsAndAreReleasedByTheirPuback() throws Exception {
        try (RawClient sub = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "raw-sub", true);
             TestClient pub = Clients.Kind.PAHO_V3_1_1.connect(broker, "paho-pub")) {
            Raw.subscribeOk(sub, 1, MqttQoS.AT_LEAST_ONCE, "out/#");
            for (int i = 0; i < 3; i++) {
                pub.publish("out/" + i, "m" + i, 1, false);
            }
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                MqttPublishMessage p = expect(sub, MqttMessageType.PUBLISH);
                assertThat(Raw.describe(p)).isEqualTo("out/" + i + "=m" + i);
                assertThat(p.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
                assertThat(p.fixedHeader().isDup()).isFalse();
                ids.add(packetId(p));
            }
            assertThat(ids).doesNotContain(0).doesNotHaveDuplicates();
            assertThat(broker.core().sessions().get("raw-sub").inflightIds()).containsExactlyInAnyOrderElementsOf(ids);

            // acknowledge out of order; an unknown id changes nothing
            sub.send(reply(MqttMessageType.PUBACK, ids.get(1)));
            sub.send(reply(MqttMessageType.PUBACK, 4242));
            await().until(() -> broker.core().sessions().get("raw-sub").inflightIds().size() == 2);
            assertThat(broker.core().sessions().get("raw-sub").inflightIds())
                    .containsExactlyInAnyOrder(ids.get(0), ids.get(2));
            sub.send(reply(MqttMessageType.PUBACK, ids.get(2)));
            sub.send(reply(MqttMessageType.PUBACK, ids.get(0)));
            await().until(() -> broker.core().sessions().get("raw-sub").inflightCount() == 0);
        }
    }

    @Test
    void outgoingQos2RunsPublishPubrecPubrelPubcomp() throws Exception {
        try (RawClient sub = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "raw-sub", true);
             TestClient pub = Clients.Kind.PAHO_V3_1_1.connect(broker, "paho-pub")) {
            Raw.subscribeOk(sub, 1, MqttQoS.EXACTLY_ONCE, "out/#");
            pub.publish("out/x", "x", 2, false);
            MqttPublishMessage p = expect(sub, MqttMessageType.PUBLISH);
            assertThat(p.fixedHeader().qosLevel()).isEqualTo(MqttQoS.EXACTLY_ONCE);
            int id = packetId(p);
            assertThat(id).isPositive();
            sub.send(reply(MqttMessageType.PUBREC, id));
            MqttMessage rel = expect(sub, MqttMessageType.PUBREL);
            assertThat(packetId(rel)).isEqualTo(id);
            assertThat(rel.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
            sub.send(reply(MqttMessageType.PUBCOMP, id));
            await().until(() -> broker.core().sessions().get("raw-sub").inflightCount() == 0);
        }
    }

    @Test
    void inflightQos1IsResentWithDupOnReconnectOfAPersistentSession() throws Exception {
        inflightPublishIsResent(MqttVersion.MQTT_3_1_1, MqttQoS.AT_LEAST_ONCE);
    }

    @Test
    void inflightQos2IsResentWithDupOnReconnectOfAPersistentSession() throws Exception {
        inflightPublishIsResent(MqttVersion.MQTT_3_1_1, MqttQoS.EXACTLY_ONCE);
    }

    @Test
    void inflightQos1IsResentWithDupOnReconnectOfAnMqtt5Session() throws Exception {
        inflightPublishIsResent(MqttVersion.MQTT_5, MqttQoS.AT_LEAST_ONCE);
    }

    private static MqttProperties persistent(MqttVersion version) {
        return version == MqttVersion.MQTT_5 ? Raw.intProp(MqttProperties.SESSION_EXPIRY_INTERVAL, 300)
                : MqttProperties.NO_PROPERTIES;
    }

    private void inflightPublishIsResent(MqttVersion version, MqttQoS qos) throws Exception {
        int id;
        try (TestClient pub = Clients.Kind.PAHO_V3_1_1.connect(broker, "paho-pub")) {
            // 3.1.1: clean session off; 5.0: clean start on a new session that outlives the connection
            boolean cleanStart = version == MqttVersion.MQTT_5;
            try (RawClient sub = Raw.connect(broker, version, "persistent", cleanStart, persistent(version))) {
                Raw.subscribeOk(sub, 1, qos, "inflight/#");
                pub.publish("inflight/a", "payload", qos.value(), false);
                MqttPublishMessage first = expect(sub, MqttMessageType.PUBLISH);
                assertThat(first.fixedHeader().isDup()).isFalse();
                id = packetId(first);
                // no acknowledgement: the connection just drops
            }
            try (RawClient again = new RawClient(broker.tcpPort(), version)) {
                MqttConnAckMessage ack = Raw.connack(again, version, "persistent", false, persistent(version));
                assertThat(ack.variableHeader().isSessionPresent()).isTrue();
                MqttPublishMessage resent = expect(again, MqttMessageType.PUBLISH);
                assertThat(resent.fixedHeader().isDup()).isTrue();
                assertThat(packetId(resent)).isEqualTo(id);
                assertThat(resent.fixedHeader().qosLevel()).isEqualTo(qos);
                assertThat(Raw.describe(resent)).isEqualTo("inflight/a=payload");
                if (qos == MqttQoS.AT_LEAST_ONCE) {
                    again.send(reply(MqttMessageType.PUBACK, id));
                } else {
                    again.send(reply(MqttMessageType.PUBREC, id));
                    assertThat(packetId(expect(again, MqttMessageType.PUBREL))).isEqualTo(id);
                    again.send(reply(MqttMessageType.PUBCOMP, id));
                }
                await().until(() -> broker.core().sessions().get("persistent").inflightCount() == 0);
            }
            // acknowledged: the next reconnect gets nothing again
            try (RawClient third = new RawClient(broker.tcpPort(), version)) {
                Raw.connack(third, version, "persistent", false, persistent(version));
                expectNothing(third, 500);
            }
        }
    }

    @Test
    void pubrelIsResentOnReconnectWhenPubrecWasSentButPubcompNot() throws Exception {
        try (TestClient pub = Clients.Kind.PAHO_V3_1_1.connect(broker, "paho-pub")) {
            int id;
            try (RawClient sub = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "persistent", false)) {
                Raw.subscribeOk(sub, 1, MqttQoS.EXACTLY_ONCE, "inflight/#");
                pub.publish("inflight/q2", "q2", 2, false);
                MqttPublishMessage p = expect(sub, MqttMessageType.PUBLISH);
                id = packetId(p);
                sub.send(reply(MqttMessageType.PUBREC, id));
                assertThat(packetId(expect(sub, MqttMessageType.PUBREL))).isEqualTo(id);
                // no PUBCOMP
            }
            try (RawClient again = new RawClient(broker.tcpPort())) {
                MqttConnAckMessage ack = Raw.connack(again, MqttVersion.MQTT_3_1_1, "persistent", false,
                        MqttProperties.NO_PROPERTIES);
                assertThat(ack.variableHeader().isSessionPresent()).isTrue();
                // the message itself is not sent again: the client already has it
                MqttMessage rel = expect(again, MqttMessageType.PUBREL);
                assertThat(packetId(rel)).isEqualTo(id);
                again.send(reply(MqttMessageType.PUBCOMP, id));
                expectNothing(again, 300);
                await().until(() -> broker.core().sessions().get("persistent").inflightCount() == 0);
            }
            try (RawClient third = new RawClient(broker.tcpPort())) {
                Raw.connack(third, MqttVersion.MQTT_3_1_1, "persistent", false, MqttProperties.NO_PROPERTIES);
                expectNothing(third, 500);
            }
        }
    }

    @Test
    void cleanSessionReconnectForgetsInflightMessages() throws Exception {
        try (TestClient pub = Clients.Kind.PAHO_V3_1_1.connect(broker, "paho-pub")) {
            try (RawClient sub = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "c1", false)) {
                Raw.subscribeOk(sub, 1, MqttQoS.AT_LEAST_ONCE, "inflight/#");
                pub.publish("inflight/a", "x", 1, false);
                expect(sub, MqttMessageType.PUBLISH);
            }
            try (RawClient again = new RawClient(broker.tcpPort())) {
                MqttConnAckMessage ack = Raw.connack(again, MqttVersion.MQTT_3_1_1, "c1", true,
                        MqttProperties.NO_PROPERTIES);
                assertThat(ack.variableHeader().isSessionPresent()).isFalse();
                expectNothing(again, 500);
            }
        }
    }

    @Test
    void manyQos2MessagesBothWaysArriveExactlyOnceInOrder() throws Exception {
        try (TestClient sub = Clients.Kind.HIVEMQ_V5.connect(broker, "hive-sub");
             TestClient pub = Clients.Kind.PAHO_V5.connect(broker, "paho-pub")) {
            sub.subscribe("many/#", 2);
            for (int i = 0; i < 200; i++) {
                pub.publish("many/t", "m" + i, 2, false);
            }
            List<Received> got = sub.take(200);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                assertThat(got.get(i).text()).isEqualTo("m" + i);
                assertThat(seen.add(got.get(i).text())).isTrue();
            }
            assertThat(sub.next(200)).isNull();
        }
    }

    /**
     * A subscriber with a small receive maximum keeps the broker queueing and draining on its
     * connection's thread while the publisher's connection adds more: order must survive both.
     */
    @Test
    void orderHoldsWhileTheSubscribersWindowFillsAndDrains() throws Exception {
        // room for every message behind the window whatever the default bound for a connected subscriber
        try (TestBroker roomy = TestBroker.start(Map.of("session.max-queued-messages-online", "1000"))) {
            orderHolds(roomy);
        }
    }

    private static void orderHolds(TestBroker broker) throws Exception {
        Mqtt5BlockingClient subClient = Mqtt5Client.builder().identifier("small-window").serverHost("127.0.0.1")
                .serverPort(broker.tcpPort()).buildBlocking();
        try (TestClient sub = new Clients.HiveV5(subClient, false);
             TestClient pub = Clients.Kind.HIVEMQ_V5.connect(broker, "fast-pub")) {
            subClient.connectWith().restrictions().receiveMaximum(3).applyRestrictions().send();
            sub.subscribe("order/#", 1);
            Mqtt5AsyncClient async = ((Clients.HiveV5) pub).client.toAsync();
            int n = 900; // under the 1000 that may wait, so nothing may be dropped
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                acks.add(async.publishWith().topic("order/t").payload(("m" + i).getBytes()).qos(MqttQos.AT_LEAST_ONCE)
                        .send());
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < n; i++) {
                Received r = sub.next(10_000);
                assertThat(r).as("message %d arrived", i).isNotNull();
                assertThat(r.text()).as("message %d", i).isEqualTo("m" + i);
            }
        }
    }
}
