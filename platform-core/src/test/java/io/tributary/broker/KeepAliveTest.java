package io.tributary.broker;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import static io.tributary.broker.LifecycleClients.Inbox;
import static io.tributary.broker.LifecycleClients.closeQuietly;
import static io.tributary.broker.LifecycleClients.connackCode;
import static io.tributary.broker.LifecycleClients.disconnectReason;
import static io.tributary.broker.LifecycleClients.hive;
import static io.tributary.broker.LifecycleClients.pahoV3;
import static io.tributary.broker.LifecycleClients.utf8;
import static io.tributary.broker.LifecycleClients.v3Options;
import static org.assertj.core.api.Assertions.assertThat;

/** Keep-alive: silent clients are dropped after 1.5 x keep-alive, with their will; server keep-alive. */
class KeepAliveTest {

    @Test
    void silentClientIsDisconnectedAndItsWillSent() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            MqttClient watcher = pahoV3(broker, "watcher");
            Inbox inbox = new Inbox();
            watcher.setCallback(inbox);
            watcher.connect(v3Options(true));
            watcher.subscribe("will/#", 1);
            try (RawClient silent = new RawClient(broker.tcpPort())) {
                silent.send(MqttMessageBuilders.connect().clientId("silent").keepAlive(1).cleanSession(true)
                        .willFlag(true).willTopic("will/silent").willMessage(utf8("gone")).willQoS(MqttQoS.AT_LEAST_ONCE)
                        .build());
                assertThat(connackCode(silent.receive(3000))).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
                long start = System.nanoTime();
                assertThat(inbox.next(5000)).isEqualTo("will/silent=gone");
                assertThat(silent.closedWithin(2000)).isTrue();
                // not before 1.5 x keep-alive has passed (a generous lower bound, no upper timing bound)
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
                assertThat(broker.core().connection("silent")).isNull();
            } finally {
                closeQuietly(watcher);
            }
        }
    }

    @Test
    void clientThatPingsStaysConnected() throws Exception {
        try (TestBroker broker = TestBroker.start();
             RawClient pinger = new RawClient(broker.tcpPort())) {
            pinger.send(MqttMessageBuilders.connect().clientId("pinger").keepAlive(1).cleanSession(true).build());
            assertThat(connackCode(pinger.receive(3000))).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            // 3 s is twice the 1.5 s limit: only the PINGREQs keep it alive
            for (int i = 0; i < 6; i++) {
                pinger.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE,
                        false, 0)));
                MqttMessage resp = pinger.receive(1000);
                assertThat(resp).isNotNull();
                assertThat(resp.fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
                Thread.sleep(500); // pacing the pings, not a timing assertion
            }
            assertThat(broker.core().connection("pinger")).isNotNull();
        }
    }

    @Test
    void silentV5ClientGetsKeepAliveTimeoutDisconnect() throws Exception {
        try (TestBroker broker = TestBroker.start();
             RawClient silent = new RawClient(broker.tcpPort(), MqttVersion.MQTT_5)) {
            silent.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("silent5")
                    .keepAlive(1).cleanSession(true).build());
            assertThat(connackCode(silent.receive(3000))).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(disconnectReason(silent.receive(5000))).isEqualTo(0x8D); // Keep Alive timeout
            assertThat(silent.closedWithin(2000)).isTrue();
        }
    }

    @Test
    void serverKeepAliveIsAnnouncedInConnackAndEnforced() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.server-keep-alive", "1"))) {
            Mqtt5BlockingClient c = hive(broker, "asks-for-60").buildBlocking();
            Mqtt5ConnAck ack = c.connectWith().keepAlive(60).send();
            assertThat(ack.getServerKeepAlive()).isEqualTo(OptionalInt.of(1));
            c.disconnect();

            // a client that asked for 60 s but stays silent is dropped after 1.5 s, not 90 s
            try (RawClient silent = new RawClient(broker.tcpPort(), MqttVersion.MQTT_5)) {
                silent.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("slow")
                        .keepAlive(60).cleanSession(true).build());
                assertThat(connackCode(silent.receive(3000))).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
                assertThat(disconnectReason(silent.receive(5000))).isEqualTo(0x8D);
            }
        }
    }

    @Test
    void noServerKeepAliveInConnackByDefault() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Mqtt5BlockingClient c = hive(broker, "default-ka").buildBlocking();
            Mqtt5ConnAck ack = c.connectWith().keepAlive(30).send();
            assertThat(ack.getServerKeepAlive()).isEmpty();
            c.disconnect();
        }
    }
}
