package io.tributary.broker;

import io.tributary.broker.protocol.MqttConnection;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static io.tributary.broker.LifecycleClients.Bystander;
import static io.tributary.broker.LifecycleClients.Inbox;
import static io.tributary.broker.LifecycleClients.closeQuietly;
import static io.tributary.broker.LifecycleClients.connackCode;
import static io.tributary.broker.LifecycleClients.disconnectReason;
import static io.tributary.broker.LifecycleClients.pahoV3;
import static io.tributary.broker.LifecycleClients.utf8;
import static io.tributary.broker.LifecycleClients.v3Options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** CONNECT/CONNACK: protocol versions, refused connects and their return codes, a second CONNECT. */
class ConnectTest {
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void mqtt31ClientConnectsAndExchangesMessages() throws Exception {
        MqttClient c = pahoV3(broker, "old-client");
        try {
            Inbox inbox = new Inbox();
            c.setCallback(inbox);
            MqttConnectOptions o = v3Options(true);
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1);
            c.connect(o);
            c.subscribe("v31/#", 1);
            c.publish("v31/a", utf8("hello"), 1, false);
            assertThat(inbox.next(5000)).isEqualTo("v31/a=hello");
            assertThat(((MqttConnection) broker.core().connection("old-client")).version()).isEqualTo(MqttVersion.MQTT_3_1);
        } finally {
            closeQuietly(c);
        }
    }

    @Test
    void unknownProtocolNameIsRefusedWithUnacceptableProtocolVersion() throws Exception {
        try (RawClient raw = new RawClient(broker.tcpPort())) {
            raw.sendBytes(connectBytes("MQTX", 4, 0x02, "bad-name"));
            assertThat(connackCode(raw.receive(3000)))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
            assertThat(raw.closedWithin(3000)).isTrue();
        }
        assertThat(broker.core().connection("bad-name")).isNull();
    }

    @Test
    void unknownProtocolLevelIsRefusedWithUnacceptableProtocolVersion() throws Exception {
        try (RawClient raw = new RawClient(broker.tcpPort())) {
            raw.sendBytes(connectBytes("MQTT", 7, 0x02, "bad-level"));
            assertThat(connackCode(raw.receive(3000)))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
            assertThat(raw.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void protocolNameThatDoesNotMatchTheLevelIsRefused() throws Exception {
        // "MQIsdp" is the MQTT 3.1 name, level 4 is 3.1.1: the pair is not a protocol
        try (RawClient raw = new RawClient(broker.tcpPort())) {
            raw.sendBytes(connectBytes("MQIsdp", 4, 0x02, "mismatch"));
            assertThat(connackCode(raw.receive(3000)))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
            assertThat(raw.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void validRawConnectBytesAreAccepted() throws Exception {
        // guards the byte builder above: the same bytes with a real protocol name connect
        try (RawClient raw = new RawClient(broker.tcpPort())) {
            raw.sendBytes(connectBytes("MQTT", 4, 0x02, "good"));
            assertThat(connackCode(raw.receive(3000))).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        }
    }

    @Test
    void emptyClientIdWithPersistentSessionIsRejectedIn311() throws Exception {
        MqttClient c = pahoV3(broker, "");
        try {
            MqttException e = catchThrowableOfType(MqttException.class, () -> c.connect(v3Options(false)));
            assertThat(e).isNotNull();
            assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_INVALID_CLIENT_ID);
        } finally {
            closeQuietly(c);
        }
    }

    @Test
    void emptyClientIdWithCleanSessionIsAcceptedIn311() throws Exception {
        MqttClient c = pahoV3(broker, "");
        try {
            Inbox inbox = new Inbox();
            c.setCallback(inbox);
            c.connect(v3Options(true));
            c.subscribe("anon/#", 1);
            c.publish("anon/x", utf8("hi"), 1, false);
            assertThat(inbox.next(5000)).isEqualTo("anon/x=hi");
        } finally {
            closeQuietly(c);
        }
    }

    @Test
    void secondConnectOnOneConnectionClosesItV311() throws Exception {
        try (Bystander other = new Bystander(broker);
             RawClient raw = new RawClient(broker.tcpPort())) {
            raw.send(MqttMessageBuilders.connect().clientId("twice").cleanSession(true).build());
            assertThat(connackCode(raw.receive(3000))).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            raw.send(MqttMessageBuilders.connect().clientId("twice").cleanSession(true).build());
            assertThat(raw.closedWithin(3000)).isTrue();
            other.assertStillWorks();
        }
    }

    @Test
    void secondConnectOnOneConnectionIsAProtocolErrorV5() throws Exception {
        try (RawClient raw = new RawClient(broker.tcpPort(), MqttVersion.MQTT_5)) {
            raw.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("twice5")
                    .cleanSession(true).build());
            assertThat(connackCode(raw.receive(3000))).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            raw.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("twice5")
                    .cleanSession(true).build());
            assertThat(disconnectReason(raw.receive(3000))).isEqualTo(0x82);
            assertThat(raw.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void willTopicWithAWildcardIsRefusedWithTopicNameInvalidV5() throws Exception {
        try (RawClient raw = new RawClient(broker.tcpPort(), MqttVersion.MQTT_5)) {
            raw.sendBytes(connectWithWillBytes(5, "badwill5", "status/#"));
            assertThat(connackCode(raw.receive(3000)))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID);
            assertThat(raw.closedWithin(3000)).isTrue();
        }
        assertThat(broker.core().connection("badwill5")).isNull();
    }

    @Test
    void willTopicWithAWildcardClosesTheConnectionWithoutConnackV311() throws Exception {
        try (RawClient raw = new RawClient(broker.tcpPort())) {
            raw.sendBytes(connectWithWillBytes(4, "badwill3", "status/+"));
            // no return code means "malformed CONNECT" in 3.1.1; 0x03 would tell the client to retry
            assertThat(raw.receive(2000)).isNull();
            assertThat(raw.closedWithin(1000)).isTrue();
        }
        assertThat(broker.core().connection("badwill3")).isNull();
    }

    @Test
    void willQos3IsAMalformedConnect() throws Exception {
        try (RawClient raw = new RawClient(broker.tcpPort(), MqttVersion.MQTT_5)) {
            raw.sendBytes(connectWithWillBytes(5, 0x1E, "qos3", "status")); // will, will QoS 3, clean start
            assertThat(connackCode(raw.receive(3000)))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_MALFORMED_PACKET);
            assertThat(raw.closedWithin(3000)).isTrue();
        }
        try (RawClient raw = new RawClient(broker.tcpPort())) {
            raw.sendBytes(connectWithWillBytes(4, 0x1E, "qos3", "status"));
            assertThat(raw.receive(2000)).isNull();
            assertThat(raw.closedWithin(1000)).isTrue();
        }
        assertThat(broker.core().connection("qos3")).isNull();
    }

    @Test
    void receiveMaximumZeroIsAProtocolErrorV5() throws Exception {
        // with 0 the broker could never send the client a QoS 1/2 message
        try (RawClient raw = new RawClient(broker.tcpPort(), MqttVersion.MQTT_5)) {
            MqttProperties props = new MqttProperties();
            props.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, 0));
            raw.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("rm0")
                    .cleanSession(true).properties(props).build());
            assertThat(connackCode(raw.receive(3000)))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR);
            assertThat(raw.closedWithin(3000)).isTrue();
        }
    }

    @Test
    void firstPacketOtherThanConnectClosesTheConnection() throws Exception {
        try (RawClient raw = new RawClient(broker.tcpPort())) {
            raw.sendBytes((byte) 0xC0, (byte) 0x00); // PINGREQ before CONNECT
            assertThat(raw.closedWithin(3000)).isTrue();
        }
    }

    /** A CONNECT packet with the given protocol name, level and connect flags, and no will or credentials. */
    static byte[] connectBytes(String protocolName, int level, int flags, String clientId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, protocolName);
        body.write(level);
        body.write(flags);
        body.write(0);
        body.write(60); // keep-alive 60 s
        if (level == 5) {
            body.write(0); // no properties
        }
        writeString(body, clientId);
        byte[] b = body.toByteArray();
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        packet.write(b.length); // < 128 in these tests
        packet.writeBytes(b);
        return packet.toByteArray();
    }

    /** A clean-session CONNECT with a will on {@code willTopic}, written by hand: Netty's encoder refuses bad topics. */
    static byte[] connectWithWillBytes(int level, String clientId, String willTopic) {
        return connectWithWillBytes(level, 0x06, clientId, willTopic);
    }

    static byte[] connectWithWillBytes(int level, int flags, String clientId, String willTopic) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(level);
        body.write(flags); // 0x06: will flag, clean session
        body.write(0);
        body.write(60);
        if (level == 5) {
            body.write(0); // no properties
        }
        writeString(body, clientId);
        if (level == 5) {
            body.write(0); // no will properties
        }
        writeString(body, willTopic);
        writeString(body, "x"); // will payload
        byte[] b = body.toByteArray();
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        packet.write(b.length);
        packet.writeBytes(b);
        return packet.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.writeBytes(b);
    }
}
