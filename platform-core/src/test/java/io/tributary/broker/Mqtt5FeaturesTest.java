package io.tributary.broker;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.Clients.HiveV5;
import io.tributary.broker.Clients.Kind;
import io.tributary.broker.Clients.PahoV5;
import io.tributary.broker.Clients.Received;
import io.tributary.broker.Clients.TestClient;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.tributary.broker.Raw.expect;
import static io.tributary.broker.Raw.expectNothing;
import static io.tributary.broker.Raw.packetId;
import static io.tributary.broker.Raw.publish;
import static io.tributary.broker.Raw.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** MQTT 5.0 message features, with Paho v5 and HiveMQ clients (RawClient where they cannot express the case). */
class Mqtt5FeaturesTest {
    private TestBroker broker;

    private TestBroker broker() throws Exception {
        return broker(Map.of());
    }

    private TestBroker broker(Map<String, String> overrides) throws Exception {
        broker = TestBroker.start(overrides);
        return broker;
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Mqtt5Publish hive(Received r) {
        return (Mqtt5Publish) r.raw();
    }

    private static org.eclipse.paho.mqttv5.common.MqttMessage paho(Received r) {
        return (org.eclipse.paho.mqttv5.common.MqttMessage) r.raw();
    }

    private static List<String> userProps(Mqtt5Publish p) {
        return p.getUserProperties().asList().stream().map(u -> u.getName() + "=" + u.getValue()).toList();
    }

    @Test
    void userPropertiesKeepRepeatedKeysAndOrder() throws Exception {
        broker();
        try (HiveV5 hiveSub = new HiveV5(broker.tcpPort(), "hive-sub");
             PahoV5 pahoSub = new PahoV5(broker.tcpUri(), "paho-sub");
             HiveV5 pub = new HiveV5(broker.tcpPort(), "pub")) {
            hiveSub.subscribe("up/#", 1);
            pahoSub.subscribe("up/#", 1);
            pub.client.publishWith().topic("up/1").qos(MqttQos.AT_LEAST_ONCE).payload("x".getBytes())
                    .userProperties(Mqtt5UserProperties.builder()
                            .add("k", "1").add("a", "z").add("k", "2").add("k", "1").build())
                    .send();
            assertThat(userProps(hive(hiveSub.take(1).get(0)))).containsExactly("k=1", "a=z", "k=2", "k=1");
            List<UserProperty> fromPaho = paho(pahoSub.take(1).get(0)).getProperties().getUserProperties();
            assertThat(fromPaho.stream().map(u -> u.getKey() + "=" + u.getValue()))
                    .containsExactly("k=1", "a=z", "k=2", "k=1");
        }
    }

    @Test
    void payloadFormatIndicatorAndContentTypeAreForwarded() throws Exception {
        broker();
        try (HiveV5 sub = new HiveV5(broker.tcpPort(), "sub");
             PahoV5 pahoSub = new PahoV5(broker.tcpUri(), "paho-sub");
             HiveV5 pub = new HiveV5(broker.tcpPort(), "pub")) {
            sub.subscribe("pf/#", 1);
            pahoSub.subscribe("pf/#", 1);
            pub.client.publishWith().topic("pf/json").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"a\":1}".getBytes(StandardCharsets.UTF_8))
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).contentType("application/json").send();
            pub.client.publishWith().topic("pf/bin").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[]{1, 2}).send();

            List<Received> got = sub.take(2);
            Mqtt5Publish json = hive(got.get(0));
            assertThat(json.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
            assertThat(json.getContentType().map(Object::toString)).contains("application/json");
            Mqtt5Publish bin = hive(got.get(1));
            assertThat(bin.getPayloadFormatIndicator()).isEmpty();
            assertThat(bin.getContentType()).isEmpty();

            List<Received> pahoGot = pahoSub.take(2);
            assertThat(paho(pahoGot.get(0)).getProperties().getPayloadFormat()).isTrue();
            assertThat(paho(pahoGot.get(0)).getProperties().getContentType()).isEqualTo("application/json");
            assertThat(paho(pahoGot.get(1)).getProperties().getPayloadFormat()).isFalse();
        }
    }

    @Test
    void requestResponseWithResponseTopicAndCorrelationData() throws Exception {
        broker();
        try (HiveV5 responder = new HiveV5(broker.tcpPort(), "responder");
             PahoV5 requester = new PahoV5(broker.tcpUri(), "requester")) {
            responder.subscribe("service/echo", 1);
            requester.subscribe("replies/requester", 1);

            org.eclipse.paho.mqttv5.common.MqttMessage request =
                    new org.eclipse.paho.mqttv5.common.MqttMessage("ping".getBytes());
            request.setQos(1);
            org.eclipse.paho.mqttv5.common.packet.MqttProperties props =
                    new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
            props.setResponseTopic("replies/requester");
            props.setCorrelationData(new byte[]{9, 8, 7, 0});
            request.setProperties(props);
            requester.client.publish("service/echo", request);

            Mqtt5Publish got = hive(responder.take(1).get(0));
            assertThat(got.getResponseTopic().map(Object::toString)).contains("replies/requester");
            ByteBuffer corr = got.getCorrelationData().orElseThrow();
            byte[] corrBytes = new byte[corr.remaining()];
            corr.get(corrBytes);
            assertThat(corrBytes).containsExactly(9, 8, 7, 0);

            responder.client.publishWith().topic(got.getResponseTopic().get()).qos(MqttQos.AT_LEAST_ONCE)
                    .correlationData(corrBytes).payload("pong".getBytes()).send();
            Received reply = requester.take(1).get(0);
            assertThat(reply.text()).isEqualTo("pong");
            assertThat(paho(reply).getProperties().getCorrelationData()).containsExactly(9, 8, 7, 0);
            assertThat(paho(reply).getProperties().getResponseTopic()).isNull();
        }
    }

    @Test
    void expiredQueuedMessagesAreNotDeliveredAndTheRemainingIntervalIsDecremented() throws Exception {
        broker();
        HiveV5 sub = new HiveV5(Mqtt5Client.builder().identifier("offline").serverHost("127.0.0.1")
                .serverPort(broker.tcpPort()).buildBlocking(), false);
        sub.client.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        sub.subscribe("exp/#", 1);
        sub.client.disconnect();
        await().until(() -> !broker.core().sessions().get("offline").online());

        long publishedAt;
        try (HiveV5 pub = new HiveV5(broker.tcpPort(), "pub")) {
            pub.client.publishWith().topic("exp/short").qos(MqttQos.AT_LEAST_ONCE).payload("short".getBytes())
                    .messageExpiryInterval(1).send();
            pub.client.publishWith().topic("exp/long").qos(MqttQos.AT_LEAST_ONCE).payload("long".getBytes())
                    .messageExpiryInterval(60).send();
            pub.client.publishWith().topic("exp/none").qos(MqttQos.AT_LEAST_ONCE).payload("none".getBytes()).send();
            publishedAt = System.currentTimeMillis();
        }
        assertThat(broker.core().sessions().get("offline").queuedCount()).isEqualTo(3);
        // let the short one expire (and at least a second pass for the long one)
        await().pollDelay(2100, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS)
                .until(() -> System.currentTimeMillis() - publishedAt >= 2100);

        Mqtt5ConnAck ack = sub.client.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
        assertThat(ack.isSessionPresent()).isTrue();
        try {
            List<Received> got = sub.take(2);
            assertThat(got).extracting(Received::topic).containsExactly("exp/long", "exp/none");
            long remaining = hive(got.get(0)).getMessageExpiryInterval().orElseThrow();
            assertThat(remaining).isBetween(1L, 58L);
            assertThat(hive(got.get(1)).getMessageExpiryInterval()).isEmpty();
            assertThat(sub.next(300)).isNull();
        } finally {
            sub.close();
        }
    }

    @Test
    void liveMessagesCarryTheirExpiryInterval() throws Exception {
        broker();
        try (HiveV5 sub = new HiveV5(broker.tcpPort(), "sub");
             HiveV5 pub = new HiveV5(broker.tcpPort(), "pub")) {
            sub.subscribe("exp/#", 0);
            pub.client.publishWith().topic("exp/a").payload("a".getBytes()).messageExpiryInterval(100).send();
            assertThat(hive(sub.take(1).get(0)).getMessageExpiryInterval().orElseThrow()).isBetween(99L, 100L);
        }
    }

    @Test
    void expiredRetainedMessagesAreNotDeliveredOnSubscribe() throws Exception {
        broker();
        try (HiveV5 pub = new HiveV5(broker.tcpPort(), "pub")) {
            pub.client.publishWith().topic("rexp/a").retain(true).payload("gone".getBytes())
                    .messageExpiryInterval(1).send();
            pub.client.publishWith().topic("rexp/b").retain(true).payload("kept".getBytes())
                    .messageExpiryInterval(100).send();
        }
        await().until(() -> broker.core().retained().size() == 2);
        long t0 = System.currentTimeMillis();
        await().pollDelay(1100, TimeUnit.MILLISECONDS).until(() -> System.currentTimeMillis() - t0 >= 1100);
        try (HiveV5 sub = new HiveV5(broker.tcpPort(), "sub")) {
            sub.subscribe("rexp/#", 1);
            Received r = sub.take(1).get(0);
            assertThat(r.text()).isEqualTo("kept");
            assertThat(hive(r).getMessageExpiryInterval().orElseThrow()).isLessThanOrEqualTo(99L);
            assertThat(sub.next(300)).isNull();
        }
    }

    @Test
    void topicAliasIsSetThenReusedWithAnEmptyTopic() throws Exception {
        broker();
        try (PahoV5 sub = new PahoV5(broker.tcpUri(), "sub")) {
            sub.subscribe("alias/#", 1);
            try (RawClient pub = new RawClient(broker.tcpPort(), MqttVersion.MQTT_5)) {
                MqttConnAckMessage ack = Raw.connack(pub, MqttVersion.MQTT_5, "raw-pub", true,
                        MqttProperties.NO_PROPERTIES);
                assertThat(ack.variableHeader().properties().getProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM).value())
                        .isEqualTo(10);
                MqttProperties alias1 = Raw.intProp(MqttProperties.TOPIC_ALIAS, 1);
                MqttProperties alias2 = Raw.intProp(MqttProperties.TOPIC_ALIAS, 10);
                pub.send(publish("alias/first", MqttQoS.AT_LEAST_ONCE, 1, "a", false, alias1));
                pub.send(publish("", MqttQoS.AT_LEAST_ONCE, 2, "b", false, alias1));
                pub.send(publish("alias/second", MqttQoS.AT_LEAST_ONCE, 3, "c", false, alias2));
                pub.send(publish("", MqttQoS.AT_MOST_ONCE, 0, "d", false, alias2));
                // an alias can be remapped
                pub.send(publish("alias/third", MqttQoS.AT_LEAST_ONCE, 4, "e", false, alias1));
                pub.send(publish("", MqttQoS.AT_LEAST_ONCE, 5, "f", false, alias1));
                for (int id : new int[]{1, 2, 3, 4, 5}) {
                    assertThat(packetId(expect(pub, MqttMessageType.PUBACK))).isEqualTo(id);
                }
            }
            List<Received> got = sub.take(6);
            assertThat(got).extracting(r -> r.topic() + "=" + r.text()).containsExactly(
                    "alias/first=a", "alias/first=b", "alias/second=c", "alias/second=d", "alias/third=e",
                    "alias/third=f");
            // subscribers never see the publisher's alias
            assertThat(got).allMatch(r -> paho(r).getProperties().getTopicAlias() == null);
        }
    }

    @Test
    void aliasesBelongToOneConnection() throws Exception {
        broker();
        try (RawClient a = Raw.connect(broker, MqttVersion.MQTT_5, "a", true)) {
            a.send(publish("x/y", MqttQoS.AT_LEAST_ONCE, 1, "a", false, Raw.intProp(MqttProperties.TOPIC_ALIAS, 1)));
            expect(a, MqttMessageType.PUBACK);
        }
        try (RawClient b = Raw.connect(broker, MqttVersion.MQTT_5, "b", true)) {
            b.send(publish("", MqttQoS.AT_LEAST_ONCE, 1, "a", false, Raw.intProp(MqttProperties.TOPIC_ALIAS, 1)));
            MqttMessage d = expect(b, MqttMessageType.DISCONNECT);
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) d.variableHeader()).reasonCode())
                    .isEqualTo((byte) 0x82);
            assertThat(b.closedWithin(2000)).isTrue();
        }
    }

    @Test
    void anOutOfRangeTopicAliasDisconnectsWith0x94AndAReasonString() throws Exception {
        broker();
        for (int bad : new int[]{0, 11}) {
            try (PahoV5 bystander = new PahoV5(broker.tcpUri(), "bystander");
                 RawClient c = Raw.connect(broker, MqttVersion.MQTT_5, "bad-alias", true)) {
                bystander.subscribe("t/#", 1);
                c.send(publish("t/a", MqttQoS.AT_LEAST_ONCE, 1, "x", false,
                        Raw.intProp(MqttProperties.TOPIC_ALIAS, bad)));
                MqttMessage d = expect(c, MqttMessageType.DISCONNECT);
                MqttReasonCodeAndPropertiesVariableHeader h = (MqttReasonCodeAndPropertiesVariableHeader) d.variableHeader();
                assertThat(h.reasonCode()).isEqualTo((byte) 0x94);
                MqttProperties.MqttProperty<?> reason = h.properties().getProperty(MqttProperties.REASON_STRING);
                assertThat(reason).as("reason string").isNotNull();
                assertThat((String) reason.value()).contains(String.valueOf(bad));
                assertThat(c.closedWithin(2000)).isTrue();
                assertThat(bystander.next(300)).as("the bad publish is not delivered").isNull();
                // the other client is unaffected
                bystander.publish("t/ok", "ok", 1, false);
                assertThat(bystander.take(1).get(0).text()).isEqualTo("ok");
            }
        }
    }

    @Test
    void clientLibrariesUsingTopicAliasesAreUnderstood() throws Exception {
        broker();
        String topic = "a/rather/long/topic/name/that/is/worth/aliasing";
        try (HiveV5 sub = new HiveV5(broker.tcpPort(), "sub");
             HiveV5 hivePub = new HiveV5(broker.tcpPort(), "hive-pub");
             PahoV5 pahoPub = new PahoV5(broker.tcpUri(), "paho-pub")) {
            sub.subscribe(topic, 1);
            // HiveMQ maps frequently used topics to aliases by itself
            for (int i = 0; i < 30; i++) {
                hivePub.publish(topic, "h" + i, 1, false);
            }
            // Paho v5 sends the alias the application sets
            for (int i = 0; i < 3; i++) {
                org.eclipse.paho.mqttv5.common.MqttMessage m =
                        new org.eclipse.paho.mqttv5.common.MqttMessage(("p" + i).getBytes());
                m.setQos(1);
                org.eclipse.paho.mqttv5.common.packet.MqttProperties props =
                        new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
                props.setTopicAlias(3);
                m.setProperties(props);
                pahoPub.client.publish(topic, m);
            }
            List<Received> got = sub.take(33);
            assertThat(got).allMatch(r -> r.topic().equals(topic));
            assertThat(got.subList(0, 30)).extracting(Received::text)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 30).mapToObj(i -> "h" + i).toList());
            assertThat(got.subList(30, 33)).extracting(Received::text).containsExactly("p0", "p1", "p2");
        }
    }

    @Test
    void noLocalSubscriptionsDoNotGetTheClientsOwnMessages() throws Exception {
        broker();
        try (HiveV5 a = new HiveV5(broker.tcpPort(), "a");
             HiveV5 b = new HiveV5(broker.tcpPort(), "b")) {
            a.client.subscribeWith().topicFilter("nl/#").qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send();
            b.client.subscribeWith().topicFilter("nl/#").qos(MqttQos.AT_LEAST_ONCE).noLocal(false).send();
            a.publish("nl/1", "from-a", 1, false);
            b.publish("nl/2", "from-b", 1, false);
            assertThat(a.take(1)).extracting(Received::text).containsExactly("from-b");
            assertThat(a.next(300)).isNull();
            // without no local a client does get its own messages
            assertThat(b.take(2)).extracting(Received::text).containsExactlyInAnyOrder("from-a", "from-b");
        }
    }

    @Test
    void subscriptionIdentifiersAreSentWithMatchingMessagesIncludingRetained() throws Exception {
        broker();
        try (HiveV5 pub = new HiveV5(broker.tcpPort(), "pub")) {
            pub.client.publishWith().topic("sid/r").retain(true).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("r".getBytes()).send();
        }
        await().until(() -> broker.core().retained().size() == 1);
        BlockingQueue<org.eclipse.paho.mqttv5.common.MqttMessage> got = new LinkedBlockingQueue<>();
        MqttAsyncClient sub = new MqttAsyncClient(broker.tcpUri(), "sid-sub", new MemoryPersistence());
        sub.setCallback(SubscriptionTest.callback(got));
        sub.connect(new MqttConnectionOptions()).waitForCompletion(5000);
        try (HiveV5 pub = new HiveV5(broker.tcpPort(), "pub2")) {
            SubscriptionTest.subscribeWithId(sub, new MqttSubscription("sid/+", 1), 42);
            org.eclipse.paho.mqttv5.common.MqttMessage retained = got.poll(5, TimeUnit.SECONDS);
            assertThat(retained).isNotNull();
            assertThat(retained.isRetained()).isTrue();
            assertThat(retained.getProperties().getSubscriptionIdentifiers()).containsExactly(42);

            pub.publish("sid/live", "l", 1, false);
            org.eclipse.paho.mqttv5.common.MqttMessage live = got.poll(5, TimeUnit.SECONDS);
            assertThat(live.getProperties().getSubscriptionIdentifiers()).containsExactly(42);

            // a subscription without an identifier adds none
            sub.subscribe(new MqttSubscription("plain/#", 1)).waitForCompletion(5000);
            pub.publish("plain/x", "p", 1, false);
            org.eclipse.paho.mqttv5.common.MqttMessage plain = got.poll(5, TimeUnit.SECONDS);
            assertThat(plain.getProperties().getSubscriptionIdentifiers()).isEmpty();

            // re-subscribing with another identifier replaces it
            SubscriptionTest.subscribeWithId(sub, new MqttSubscription("sid/+", 1), 7);
            assertThat(got.poll(5, TimeUnit.SECONDS).getProperties().getSubscriptionIdentifiers())
                    .as("retained re-sent").containsExactly(7);
            pub.publish("sid/live", "l2", 1, false);
            assertThat(got.poll(5, TimeUnit.SECONDS).getProperties().getSubscriptionIdentifiers()).containsExactly(7);
        } finally {
            sub.disconnect().waitForCompletion(2000);
            sub.close();
        }
    }

    @Test
    void brokerSendsNoMoreUnacknowledgedQos1MessagesThanTheClientsReceiveMaximum() throws Exception {
        broker();
        try (RawClient sub = Raw.connect(broker, MqttVersion.MQTT_5, "slow", true,
                Raw.intProp(MqttProperties.RECEIVE_MAXIMUM, 2));
             TestClient pub = Kind.HIVEMQ_V5.connect(broker, "pub")) {
            Raw.subscribeOk(sub, 1, MqttQoS.AT_LEAST_ONCE, "rm/#");
            for (int i = 0; i < 5; i++) {
                pub.publish("rm/t", "m" + i, 1, false);
            }
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                MqttPublishMessage p = expect(sub, MqttMessageType.PUBLISH);
                assertThat(Raw.text(p)).isEqualTo("m" + i);
                ids.add(packetId(p));
            }
            expectNothing(sub, 500);
            await().until(() -> broker.core().sessions().get("slow").queuedCount() == 3);

            sub.send(reply(MqttMessageType.PUBACK, ids.get(0)));
            MqttPublishMessage third = expect(sub, MqttMessageType.PUBLISH);
            assertThat(Raw.text(third)).isEqualTo("m2");
            expectNothing(sub, 300);

            sub.send(reply(MqttMessageType.PUBACK, ids.get(1)));
            sub.send(reply(MqttMessageType.PUBACK, packetId(third)));
            MqttPublishMessage fourth = expect(sub, MqttMessageType.PUBLISH);
            MqttPublishMessage fifth = expect(sub, MqttMessageType.PUBLISH);
            assertThat(Raw.text(fourth) + Raw.text(fifth)).isEqualTo("m3m4");
            expectNothing(sub, 200);
        }
    }

    @Test
    void qos2MessagesCountAgainstTheReceiveMaximumUntilPubcomp() throws Exception {
        broker();
        try (RawClient sub = Raw.connect(broker, MqttVersion.MQTT_5, "slow", true,
                Raw.intProp(MqttProperties.RECEIVE_MAXIMUM, 1));
             TestClient pub = Kind.HIVEMQ_V5.connect(broker, "pub")) {
            Raw.subscribeOk(sub, 1, MqttQoS.EXACTLY_ONCE, "rm/#");
            pub.publish("rm/t", "a", 2, false);
            pub.publish("rm/t", "b", 2, false);
            MqttPublishMessage first = expect(sub, MqttMessageType.PUBLISH);
            assertThat(Raw.text(first)).isEqualTo("a");
            expectNothing(sub, 300);
            sub.send(reply(MqttMessageType.PUBREC, packetId(first)));
            expect(sub, MqttMessageType.PUBREL);
            expectNothing(sub, 300);
            sub.send(reply(MqttMessageType.PUBCOMP, packetId(first)));
            assertThat(Raw.text(expect(sub, MqttMessageType.PUBLISH))).isEqualTo("b");
        }
    }

    @Test
    void aClientExceedingTheBrokersReceiveMaximumIsDisconnectedWith0x93() throws Exception {
        broker(Map.of("mqtt.receive-maximum", "2"));
        try (RawClient c = new RawClient(broker.tcpPort(), MqttVersion.MQTT_5)) {
            MqttConnAckMessage ack = Raw.connack(c, MqttVersion.MQTT_5, "eager", true, MqttProperties.NO_PROPERTIES);
            assertThat(ack.variableHeader().properties().getProperty(MqttProperties.RECEIVE_MAXIMUM).value())
                    .isEqualTo(2);
            for (int id = 1; id <= 2; id++) {
                c.send(publish("rm/in", MqttQoS.EXACTLY_ONCE, id, "m" + id, false));
                assertThat(packetId(expect(c, MqttMessageType.PUBREC))).isEqualTo(id);
            }
            // releasing one makes room for another
            c.send(reply(MqttMessageType.PUBREL, 1));
            expect(c, MqttMessageType.PUBCOMP);
            c.send(publish("rm/in", MqttQoS.EXACTLY_ONCE, 3, "m3", false));
            expect(c, MqttMessageType.PUBREC);
            // two unreleased (2 and 3): a third is one too many
            c.send(publish("rm/in", MqttQoS.EXACTLY_ONCE, 4, "m4", false));
            MqttMessage d = expect(c, MqttMessageType.DISCONNECT);
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) d.variableHeader()).reasonCode())
                    .isEqualTo((byte) 0x93);
            assertThat(c.closedWithin(2000)).isTrue();
        }
    }

    @Test
    void messagesBiggerThanTheClientsMaximumPacketSizeAreNotSentToIt() throws Exception {
        broker();
        HiveV5 small = new HiveV5(Mqtt5Client.builder().identifier("small").serverHost("127.0.0.1")
                .serverPort(broker.tcpPort()).buildBlocking(), false);
        small.client.connectWith().restrictions().maximumPacketSize(200).applyRestrictions().send();
        try (small;
             HiveV5 big = new HiveV5(broker.tcpPort(), "big");
             TestClient pub = Kind.PAHO_V5.connect(broker, "pub")) {
            small.subscribe("mps/#", 1);
            big.subscribe("mps/#", 1);
            pub.publish("mps/a", "x".repeat(100), 1, false);
            pub.publish("mps/b", "y".repeat(1000), 1, false);
            pub.publish("mps/c", "z".repeat(100), 0, false);
            pub.publish("mps/d", "w".repeat(300), 0, false);
            pub.publish("mps/e", "v".repeat(150), 1, false);

            assertThat(small.take(3)).extracting(Received::topic).containsExactly("mps/a", "mps/c", "mps/e");
            assertThat(small.next(300)).isNull();
            assertThat(big.take(5)).extracting(Received::topic)
                    .containsExactly("mps/a", "mps/b", "mps/c", "mps/d", "mps/e");
            // the dropped QoS 1 message does not sit in flight forever
            await().until(() -> broker.core().sessions().get("small").inflightCount() == 0);
        }
    }

    /**
     * The exact boundary, seen at byte level: HiveMQ's client keeps its own safety margin below its
     * maximum packet size, so only a raw client shows that a packet of exactly the maximum is sent.
     */
    @Test
    void aMessageThatExactlyFitsTheClientsMaximumPacketSizeIsSentOneByteMoreIsNot() throws Exception {
        broker();
        try (RawClient small = Raw.connect(broker, MqttVersion.MQTT_5, "small", true,
                Raw.intProp(MqttProperties.MAXIMUM_PACKET_SIZE, 200));
             HiveV5 pub = new HiveV5(broker.tcpPort(), "pub")) {
            Raw.subscribeOk(small, 1, MqttQoS.AT_LEAST_ONCE, "fit/#");
            // QoS 1 PUBLISH to "fit/a" with one user property ("k","v"):
            // fixed header 1 + remaining length 2 (> 127) | topic 2+5 | packet id 2 | properties 1 + (1+2+1+2+1)
            int overhead = 1 + 2 + 7 + 2 + 1 + 7;
            for (String t : List.of("fit/a", "fit/b")) {
                pub.client.publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE)
                        .userProperties(Mqtt5UserProperties.of(
                                com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty.of("k", "v")))
                        .payload("x".repeat((t.endsWith("a") ? 200 : 201) - overhead).getBytes()).send();
            }
            // QoS 0 without properties: fixed header 1 + 2 | topic 7 | properties 1
            pub.client.publishWith().topic("fit/c").payload("z".repeat(200 - 11).getBytes()).send();
            pub.client.publishWith().topic("fit/d").payload("w".repeat(201 - 11).getBytes()).send();

            MqttPublishMessage a = expect(small, MqttMessageType.PUBLISH);
            assertThat(a.variableHeader().topicName()).isEqualTo("fit/a");
            assertThat(a.payload().readableBytes()).isEqualTo(200 - overhead);
            small.send(reply(MqttMessageType.PUBACK, packetId(a)));
            MqttPublishMessage c = expect(small, MqttMessageType.PUBLISH);
            assertThat(c.variableHeader().topicName()).isEqualTo("fit/c");
            expectNothing(small, 300);
        }
    }

    @Test
    void serverKeepAliveIsAnnouncedInConnack() throws Exception {
        broker(Map.of("mqtt.server-keep-alive", "7"));
        try (HiveV5 hive = new HiveV5(Mqtt5Client.builder().identifier("hive").serverHost("127.0.0.1")
                .serverPort(broker.tcpPort()).buildBlocking(), false)) {
            Mqtt5ConnAck ack = hive.client.connectWith().keepAlive(60).send();
            assertThat(ack.getServerKeepAlive()).hasValue(7);
        }
        MqttConnectionOptions opts = new MqttConnectionOptions();
        opts.setKeepAliveInterval(60);
        try (PahoV5 paho = new PahoV5(broker.tcpUri(), "paho", opts)) {
            assertThat(paho.connectToken.getResponseProperties().getServerKeepAlive()).isEqualTo(7);
        }
    }

    @Test
    void serverKeepAliveIsEnforced() throws Exception {
        broker(Map.of("mqtt.server-keep-alive", "1"));
        try (RawClient c = Raw.connect(broker, MqttVersion.MQTT_5, "silent", true)) {
            // the client asked for 60 s but the server's 1 s applies: silent for 1.5 s → disconnected
            MqttMessage d = c.receive(4000);
            assertThat(d).isNotNull();
            assertThat(d.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) d.variableHeader()).reasonCode())
                    .isEqualTo((byte) 0x8D);
        }
    }

    @Test
    void noServerKeepAliveByDefault() throws Exception {
        broker();
        try (HiveV5 hive = new HiveV5(Mqtt5Client.builder().identifier("hive").serverHost("127.0.0.1")
                .serverPort(broker.tcpPort()).buildBlocking(), false)) {
            Mqtt5ConnAck ack = hive.client.connectWith().keepAlive(30).send();
            assertThat(ack.getServerKeepAlive()).isEmpty();
        }
    }
}
