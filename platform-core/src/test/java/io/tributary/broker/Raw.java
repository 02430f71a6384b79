package io.tributary.broker;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Packet builders and expectations for {@link RawClient} tests. */
public final class Raw {
    private Raw() {
    }

    /** Opens a raw connection and completes CONNECT/CONNACK; fails unless accepted. */
    public static RawClient connect(TestBroker broker, MqttVersion version, String clientId, boolean clean,
                                    MqttProperties props) throws Exception {
        RawClient c = new RawClient(broker.tcpPort(), version);
        MqttConnAckMessage ack = connack(c, version, clientId, clean, props);
        assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        return c;
    }

    public static RawClient connect(TestBroker broker, MqttVersion version, String clientId, boolean clean)
            throws Exception {
        return connect(broker, version, clientId, clean, MqttProperties.NO_PROPERTIES);
    }

    /** Sends CONNECT on {@code c} and returns the CONNACK. */
    public static MqttConnAckMessage connack(RawClient c, MqttVersion version, String clientId, boolean clean,
                                             MqttProperties props) throws Exception {
        c.send(MqttMessageBuilders.connect().protocolVersion(version).clientId(clientId).cleanSession(clean)
                .keepAlive(60).properties(props).build());
        MqttMessage ack = c.receive(3000);
        assertThat(ack).as("CONNACK").isInstanceOf(MqttConnAckMessage.class);
        return (MqttConnAckMessage) ack;
    }

    /** MQTT 5 properties with one integer property. */
    public static MqttProperties intProp(int id, int value) {
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.IntegerProperty(id, value));
        return p;
    }

    public static MqttPublishMessage publish(String topic, MqttQoS qos, int packetId, String payload, boolean dup) {
        return publish(topic, qos, packetId, payload, dup, MqttProperties.NO_PROPERTIES);
    }

    public static MqttPublishMessage publish(String topic, MqttQoS qos, int packetId, String payload, boolean dup,
                                             MqttProperties props) {
        return publish(topic, qos, packetId, payload.getBytes(StandardCharsets.UTF_8), dup, props);
    }

    public static MqttPublishMessage publish(String topic, MqttQoS qos, int packetId, byte[] payload, boolean dup,
                                             MqttProperties props) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, dup, qos, false, 0),
                new MqttPublishVariableHeader(topic, qos == MqttQoS.AT_MOST_ONCE ? -1 : packetId, props),
                Unpooled.wrappedBuffer(payload));
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP (3.1.1 form; MQTT 5 reads it as reason code 0). */
    public static MqttMessage reply(MqttMessageType type, int packetId) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0), MqttMessageIdVariableHeader.from(packetId));
    }

    public static MqttSubscribeMessage subscribe(int packetId, MqttQoS qos, String... filters) {
        MqttMessageBuilders.SubscribeBuilder b = MqttMessageBuilders.subscribe().messageId(packetId);
        for (String f : filters) {
            b.addSubscription(qos, f);
        }
        return b.build();
    }

    /** Subscribes and checks every filter was granted {@code qos}. */
    public static void subscribeOk(RawClient c, int packetId, MqttQoS qos, String... filters) throws Exception {
        c.send(subscribe(packetId, qos, filters));
        MqttSubAckMessage ack = expect(c, MqttMessageType.SUBACK);
        assertThat(ack.variableHeader().messageId()).isEqualTo(packetId);
        assertThat(ack.payload().reasonCodes()).hasSize(filters.length).allMatch(code -> code == qos.value());
    }

    /** Next packet, which must be of {@code type}, within 3 s. */
    @SuppressWarnings("unchecked")
    public static <T extends MqttMessage> T expect(RawClient c, MqttMessageType type) throws Exception {
        MqttMessage m = c.receive(3000);
        assertThat(m).as("expected " + type).isNotNull();
        assertThat(m.fixedHeader().messageType()).as("packet type of " + m).isEqualTo(type);
        return (T) m;
    }

    /** No packet at all arrives within {@code millis}. */
    public static void expectNothing(RawClient c, long millis) throws Exception {
        MqttMessage m = c.receive(millis);
        assertThat(m).as("unexpected packet").isNull();
    }

    public static int packetId(MqttMessage m) {
        Object h = m.variableHeader();
        if (h instanceof MqttPublishVariableHeader p) {
            return p.packetId();
        }
        return ((MqttMessageIdVariableHeader) h).messageId();
    }

    /** Reason code of a PUBACK/PUBREC/PUBREL/PUBCOMP (0 when the packet has none). */
    public static int reasonCode(MqttMessage m) {
        return m.variableHeader() instanceof MqttPubReplyMessageVariableHeader h ? h.reasonCode() & 0xFF : 0;
    }

    public static String text(MqttPublishMessage m) {
        return m.payload().toString(StandardCharsets.UTF_8);
    }

    /** Topic and payload of each PUBLISH as "topic=payload". */
    public static String describe(MqttPublishMessage m) {
        return m.variableHeader().topicName() + "=" + text(m);
    }

    public static List<Integer> subackCodes(MqttSubAckMessage ack) {
        return ack.payload().reasonCodes();
    }
}
