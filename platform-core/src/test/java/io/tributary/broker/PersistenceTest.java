package io.tributary.broker;

import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.persistence.BrokerJournal;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tributary.broker.LifecycleClients.Inbox;
import static io.tributary.broker.LifecycleClients.closeQuietly;
import static io.tributary.broker.LifecycleClients.pahoV3;
import static io.tributary.broker.LifecycleClients.utf8;
import static io.tributary.broker.LifecycleClients.v3Options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Persistent sessions and retained messages outlive the broker (mqtt.persistence): a new broker
 * on the same data directory has them. Kill -9 of the real process is proven in plugins-dist.
 */
class PersistenceTest {
    @TempDir
    Path dataDir;

    private TestBroker start() throws Exception {
        return TestBroker.start(Map.of("mqtt.persistence", "true", "data.dir", dataDir.toString()));
    }

    @Test
    void aPersistentSessionKeepsItsSubscriptionsAndQueuedMessagesAcrossARestart() throws Exception {
        try (TestBroker broker = start()) {
            MqttClient sub = pahoV3(broker, "durable");
            sub.connect(v3Options(false));
            sub.subscribe("orders/#", 2);
            sub.disconnect();
            closeQuietly(sub);
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().connection("durable") == null);
            MqttClient pub = pahoV3(broker, "pub");
            pub.connect(v3Options(true));
            for (int i = 0; i < 20; i++) {
                // QoS 1 and 2 (a client hands QoS 2 over after PUBREL, so only the QoS 1 order is compared)
                pub.publish("orders/" + i, utf8("m" + i), i < 15 ? 1 : 2, false);
            }
            pub.publish("orders/q0", utf8("q0"), 0, false); // QoS 0 is never queued for offline clients
            closeQuietly(pub);
        }
        try (TestBroker broker = start()) {
            assertThat(broker.core().sessions().get("durable").queuedCount()).isEqualTo(20);
            MqttClient sub = pahoV3(broker, "durable");
            Inbox inbox = new Inbox();
            sub.setCallback(inbox);
            IMqttToken token = sub.connectWithResult(v3Options(false));
            assertThat(token.getSessionPresent()).isTrue();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                got.add(inbox.next(5000));
            }
            List<String> expected = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "orders/" + i + "=m" + i)
                    .toList();
            assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(got.stream().filter(expected.subList(0, 15)::contains).toList())
                    .containsExactlyElementsOf(expected.subList(0, 15));
            assertThat(inbox.next(300)).isNull();
            // the subscription came back too: no SUBSCRIBE since the restart
            MqttClient pub = pahoV3(broker, "pub");
            pub.connect(v3Options(true));
            pub.publish("orders/live", utf8("live"), 1, false);
            assertThat(inbox.next(5000)).isEqualTo("orders/live=live");
            closeQuietly(pub);
            closeQuietly(sub);
        }
    }

    @Test
    void retainedMessagesAndTheirClearingOutliveARestart() throws Exception {
        try (TestBroker broker = start()) {
            MqttClient pub = pahoV3(broker, "pub");
            pub.connect(v3Options(true));
            pub.publish("status/a", utf8("on"), 1, true);
            pub.publish("status/b", utf8("off"), 1, true);
            pub.publish("status/b", new byte[0], 1, true); // clears b
            pub.publish("status/a", utf8("still on"), 1, true);
            closeQuietly(pub);
        }
        try (TestBroker broker = start()) {
            assertThat(broker.core().retained().size()).isEqualTo(1);
            MqttClient sub = pahoV3(broker, "late");
            Inbox inbox = new Inbox();
            sub.setCallback(inbox);
            sub.connect(v3Options(true));
            sub.subscribe("status/#", 1);
            assertThat(inbox.next(5000)).isEqualTo("status/a=still on");
            assertThat(inbox.next(300)).isNull();
            closeQuietly(sub);
        }
    }

    @Test
    void aMessageInFlightIsSentAgainWithItsPacketIdAndDupAfterARestart() throws Exception {
        int packetId;
        try (TestBroker broker = start()) {
            try (RawClient sub = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "raw-sub", false)) {
                Raw.subscribeOk(sub, 1, MqttQoS.AT_LEAST_ONCE, "inflight/#");
                MqttClient pub = pahoV3(broker, "pub");
                pub.connect(v3Options(true));
                pub.publish("inflight/1", utf8("unacked"), 1, false);
                closeQuietly(pub);
                MqttPublishMessage got = Raw.expect(sub, MqttMessageType.PUBLISH);
                packetId = Raw.packetId(got);
                // no PUBACK: still in flight when the broker stops
            }
        }
        try (TestBroker broker = start();
             RawClient sub = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "raw-sub", false)) {
            MqttPublishMessage again = Raw.expect(sub, MqttMessageType.PUBLISH);
            assertThat(Raw.packetId(again)).isEqualTo(packetId);
            assertThat(again.fixedHeader().isDup()).isTrue();
            assertThat(Raw.text(again)).isEqualTo("unacked");
            sub.send(Raw.reply(MqttMessageType.PUBACK, packetId));
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().sessions().get("raw-sub").inflightCount() == 0);
        }
        try (TestBroker broker = start();
             RawClient sub = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "raw-sub", false)) {
            Raw.expectNothing(sub, 500); // acknowledged before the last restart: not sent again
        }
    }

    @Test
    void aQos2PublishAwaitingPubrelIsNotDeliveredTwiceWhenItsPublisherResendsItAfterARestart() throws Exception {
        try (TestBroker broker = start()) {
            MqttClient sub = pahoV3(broker, "q2-sub");
            sub.connect(v3Options(false));
            sub.subscribe("q2/#", 2);
            closeQuietly(sub);
            try (RawClient pub = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "q2-pub", false)) {
                pub.send(Raw.publish("q2/once", MqttQoS.EXACTLY_ONCE, 7, "once", false));
                Raw.expect(pub, MqttMessageType.PUBREC);
                // the PUBREL never made it before the broker stopped
            }
        }
        try (TestBroker broker = start()) {
            try (RawClient pub = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "q2-pub", false)) {
                pub.send(Raw.publish("q2/once", MqttQoS.EXACTLY_ONCE, 7, "once", true));
                Raw.expect(pub, MqttMessageType.PUBREC);
                pub.send(Raw.reply(MqttMessageType.PUBREL, 7));
                Raw.expect(pub, MqttMessageType.PUBCOMP);
            }
            MqttClient sub = pahoV3(broker, "q2-sub");
            Inbox inbox = new Inbox();
            sub.setCallback(inbox);
            sub.connect(v3Options(false));
            assertThat(inbox.next(5000)).isEqualTo("q2/once=once");
            assertThat(inbox.next(500)).as("exactly once").isNull();
            closeQuietly(sub);
        }
    }

    @Test
    void aSessionExpiresOnTimeAcrossARestart() throws Exception {
        try (TestBroker broker = start()) {
            try (RawClient c = Raw.connect(broker, MqttVersion.MQTT_5, "short", false,
                    Raw.intProp(MqttProperties.SESSION_EXPIRY_INTERVAL, 2))) {
                Raw.subscribeOk(c, 1, MqttQoS.AT_LEAST_ONCE, "short/#");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().connection("short") == null);
        }
        Thread.sleep(2500);
        try (TestBroker broker = start()) {
            assertThat(broker.core().sessions().get("short")).as("expired while the broker was down").isNull();
            assertThat(broker.core().router().subscriptionCount()).isZero();
        }
    }

    @Test
    void aCleanSessionIsNotKeptAndItsSubscriptionsAreGoneAfterARestart() throws Exception {
        try (TestBroker broker = start()) {
            MqttClient sub = pahoV3(broker, "clean");
            sub.connect(v3Options(true));
            sub.subscribe("c/#", 1);
            closeQuietly(sub);
        }
        try (TestBroker broker = start()) {
            assertThat(broker.core().sessions().size()).isZero();
            assertThat(broker.core().router().subscriptionCount()).isZero();
        }
    }

    @Test
    void compactionWritesASnapshotAndTheStateReadBackIsTheSame() throws Exception {
        try (TestBroker broker = start()) {
            MqttClient sub = pahoV3(broker, "compact");
            sub.connect(v3Options(false));
            sub.subscribe("c/#", 1);
            closeQuietly(sub);
            MqttClient pub = pahoV3(broker, "pub");
            pub.connect(v3Options(true));
            for (int i = 0; i < 50; i++) {
                pub.publish("c/" + i, utf8("m" + i), 1, false);
            }
            pub.publish("r/1", utf8("retained"), 1, true);
            BrokerJournal journal = broker.core().journal();
            long before = journal.journalBytes();
            journal.compact();
            assertThat(journal.snapshotOffset()).isPositive();
            for (int i = 50; i < 60; i++) {
                pub.publish("c/" + i, utf8("m" + i), 1, false); // after the snapshot: in the journal
            }
            closeQuietly(pub);
            assertThat(before).isPositive();
        }
        try (TestBroker broker = start()) {
            assertThat(broker.core().sessions().get("compact").queuedCount()).isEqualTo(60);
            assertThat(broker.core().retained().size()).isEqualTo(1);
            MqttClient sub = pahoV3(broker, "compact");
            Inbox inbox = new Inbox();
            sub.setCallback(inbox);
            sub.connect(v3Options(false));
            for (int i = 0; i < 60; i++) {
                assertThat(inbox.next(5000)).isEqualTo("c/" + i + "=m" + i);
            }
            closeQuietly(sub);
        }
    }
}
