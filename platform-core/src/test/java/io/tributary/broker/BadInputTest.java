package io.tributary.broker;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Map;

import static io.tributary.broker.LifecycleClients.Bystander;
import static io.tributary.broker.LifecycleClients.Inbox;
import static io.tributary.broker.LifecycleClients.closeQuietly;
import static io.tributary.broker.LifecycleClients.connackCode;
import static io.tributary.broker.LifecycleClients.disconnectReason;
import static io.tributary.broker.LifecycleClients.hive;
import static io.tributary.broker.LifecycleClients.pahoV3;
import static io.tributary.broker.LifecycleClients.utf8;
import static io.tributary.broker.LifecycleClients.v3Options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input closes only the offending connection, with the MQTT 5 reason code where there is one,
 * while another client keeps publishing and receiving.
 */
class BadInputTest {
    private TestBroker broker;
    private Bystander bystander;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(Map.of("mqtt.connect-timeout-seconds", "1", "mqtt.max-packet-size", "1024"));
        bystander = new Bystander(broker);
    }

    @AfterEach
    void stop() {
        bystander.close();
        broker.close();
    }

    @Test
    void garbageInsteadOfConnectClosesTheConnection() throws Exception {
        try (RawClient raw = new RawClient(broker.tcpPort())) {
            raw.sendBytes(utf8("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertThat(raw.closedWithin(3000)).isTrue();
        }
        bystander.assertStillWorks();
    }

    @Test
    void reservedPacketTypeAfterConnectIsMalformedV5() throws Exception {
        try (RawClient raw = connectedV5("garbage")) {
            raw.sendBytes((byte) 0x00, (byte) 0x00); // packet type 0 is reserved
            assertThat(disconnectReason(raw.receive(3000))).isEqualTo(0x81); // Malformed Packet
            assertThat(raw.closedWithin(3000)).isTrue();
        }
        bystander.assertStillWorks();
    }

    @Test
    void remainingLengthLongerThanFourBytesIsMalformedV5() throws Exception {
        try (RawClient raw = connectedV5("badlength")) {
            raw.sendBytes((byte) 0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x01);
            assertThat(disconnectReason(raw.receive(3000))).isEqualTo(0x81);
            assertThat(raw.closedWithin(3000)).isTrue();
        }
        bystander.assertStillWorks();
    }

    @Test
    void remainingLengthShorterThanThePacketClosesV311() throws Exception {
        try (RawClient raw = connectedV3("short")) {
            // SUBSCRIBE claiming 3 bytes: packet id and half a topic length
            raw.sendBytes((byte) 0x82, (byte) 0x03, (byte) 0x00, (byte) 0x01, (byte) 0x00);
            raw.sendBytes((byte) 0x05, (byte) 'a', (byte) '/', (byte) 'b', (byte) 'c', (byte) 'd', (byte) 0x01);
            assertThat(raw.closedWithin(3000)).isTrue();
        }
        bystander.assertStillWorks();
    }

    @Test
    void publishToAWildcardTopicIsTopicNameInvalidV5() throws Exception {
        try (RawClient raw = connectedV5("wild5")) {
            raw.sendBytes(publishBytes(true, utf8("a/+/c"), utf8("x")));
            assertThat(disconnectReason(raw.receive(3000))).isEqualTo(0x90); // Topic Name invalid
            assertThat(raw.closedWithin(3000)).isTrue();
        }
        bystander.assertStillWorks();
    }

    @Test
    void publishToAWildcardTopicClosesV311() throws Exception {
        MqttClient watcher = pahoV3(broker, "watcher");
        Inbox inbox = new Inbox();
        watcher.setCallback(inbox);
        watcher.connect(v3Options(true));
        watcher.subscribe("#", 0);
        try (RawClient raw = connectedV3("wild3")) {
            raw.sendBytes(publishBytes(false, utf8("a/#"), utf8("x")));
            assertThat(raw.closedWithin(3000)).isTrue();
        }
        bystander.assertStillWorks();
        // the watcher saw the bystander's message, never the bad one
        assertThat(inbox.next(3000)).startsWith("bystander/t=");
        assertThat(inbox.next(200)).isNull();
        closeQuietly(watcher);
    }

    @Test
    void invalidUtf8InATopicIsMalformedV5() throws Exception {
        try (RawClient raw = connectedV5("utf8")) {
            // 0xC3 0x28: a two-byte sequence whose second byte is not a continuation byte
            raw.sendBytes(publishBytes(true, new byte[]{'a', '/', (byte) 0xC3, 0x28}, utf8("x")));
            assertThat(disconnectReason(raw.receive(3000))).isEqualTo(0x81);
            assertThat(raw.closedWithin(3000)).isTrue();
        }
        bystander.assertStillWorks();
    }

    @Test
    void encodedSurrogateInATopicClosesV311() throws Exception {
        try (RawClient raw = connectedV3("surrogate")) {
            // U+D800 encoded as UTF-8 is ill-formed in MQTT strings
            raw.sendBytes(publishBytes(false, new byte[]{'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8("x")));
            assertThat(raw.closedWithin(3000)).isTrue();
        }
        bystander.assertStillWorks();
    }

    @Test
    void packetOverTheMaximumSizeIsPacketTooLargeV5() throws Exception {
        try (RawClient raw = connectedV5("big5")) {
            raw.send(MqttMessageBuilders.publish().topicName("big").qos(MqttQoS.AT_MOST_ONCE)
                    .payload(Unpooled.wrappedBuffer(new byte[2000])).build());
            assertThat(disconnectReason(raw.receive(3000))).isEqualTo(0x95); // Packet too large
            assertThat(raw.closedWithin(3000)).isTrue();
        }
        bystander.assertStillWorks();
    }

    @Test
    void packetJustUnderTheMaximumSizeIsAccepted() throws Exception {
        try (RawClient raw = connectedV5("fits")) {
            // 1 type + 2 length + (2 + 3 topic + 1 properties + 1010 payload) = 1019 bytes
            raw.send(MqttMessageBuilders.publish().topicName("fit").qos(MqttQoS.AT_MOST_ONCE)
                    .payload(Unpooled.wrappedBuffer(new byte[1010])).build());
            assertThat(raw.closedWithin(1000)).isFalse();
        }
    }

    @Test
    void defaultMaximumPacketSizeIs256KiB() throws Exception {
        try (TestBroker defaults = TestBroker.start();
             Bystander other = new Bystander(defaults)) {
            Mqtt5BlockingClient v5 = hive(defaults, "limits").buildBlocking();
            assertThat(v5.connect().getRestrictions().getMaximumPacketSize()).isEqualTo(256 * 1024);
            v5.disconnect();

            // a client that does not know the limit (MQTT 3.1.1 has no way to announce it) is dropped
            MqttClient big = pahoV3(defaults, "big3");
            Inbox inbox = new Inbox();
            big.setCallback(inbox);
            big.connect(v3Options(true));
            big.subscribe("fits", 0);
            big.publish("fits", new byte[256 * 1024 - 100], 0, false);
            assertThat(inbox.next(5000)).as("just under the limit is delivered").startsWith("fits=");
            big.setTimeToWait(1000);
            try {
                big.publish("too/big", new byte[256 * 1024 + 1], 0, false);
            } catch (MqttException e) {
                // Paho may notice the close while still writing; the connection loss is what counts
            }
            assertThat(inbox.lostWithin(5000)).isTrue();
            closeQuietly(big);
            other.assertStillWorks();
        }
    }

    @Test
    void connectionThatSendsNothingIsClosedAfterTheConnectTimeout() throws Exception {
        try (RawClient idle = new RawClient(broker.tcpPort())) {
            assertThat(idle.closedWithin(4000)).isTrue();
        }
        bystander.assertStillWorks();
    }

    @Test
    void connectionThatSendsHalfAConnectIsClosedAfterTheConnectTimeout() throws Exception {
        try (RawClient idle = new RawClient(broker.tcpPort())) {
            idle.sendBytes((byte) 0x10, (byte) 0x20, (byte) 0x00, (byte) 0x04, (byte) 'M');
            assertThat(idle.closedWithin(4000)).isTrue();
        }
        bystander.assertStillWorks();
    }

    @Test
    void v5ClientsAreToldTheMaximumPacketSize() {
        Mqtt5BlockingClient c = hive(broker, "asks").buildBlocking();
        assertThat(c.connect().getRestrictions().getMaximumPacketSize()).isEqualTo(1024);
        c.disconnect();
    }

    private RawClient connectedV5(String clientId) throws Exception {
        RawClient raw = new RawClient(broker.tcpPort(), MqttVersion.MQTT_5);
        raw.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(clientId)
                .cleanSession(true).build());
        assertThat(connackCode(raw.receive(3000))).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        return raw;
    }

    private RawClient connectedV3(String clientId) throws Exception {
        RawClient raw = new RawClient(broker.tcpPort());
        raw.send(MqttMessageBuilders.connect().clientId(clientId).cleanSession(true).build());
        assertThat(connackCode(raw.receive(3000))).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        return raw;
    }

    /** A QoS 0 PUBLISH with the topic bytes exactly as given (the codec would refuse bad ones). */
    static byte[] publishBytes(boolean v5, byte[] topic, byte[] payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(topic.length >> 8);
        body.write(topic.length & 0xFF);
        body.writeBytes(topic);
        if (v5) {
            body.write(0); // no properties
        }
        body.writeBytes(payload);
        byte[] b = body.toByteArray();
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x30);
        packet.write(b.length); // < 128 here
        packet.writeBytes(b);
        return packet.toByteArray();
    }
}
