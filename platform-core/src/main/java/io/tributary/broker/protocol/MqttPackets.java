package io.tributary.broker.protocol;

import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.message.BrokerMessage.ForwardedProperties;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the packets the broker sends and converts MQTT 5 properties to and from messages. */
final class MqttPackets {
    private MqttPackets() {
    }

    static MqttMessage disconnect(byte reason, String reasonString) {
        MqttProperties props = new MqttProperties();
        if (reasonString != null) {
            props.add(new MqttProperties.StringProperty(MqttProperties.REASON_STRING, reasonString));
        }
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttReasonCodeAndPropertiesVariableHeader(reason, props));
    }

    static MqttMessage pubReply(MqttMessageType type, int packetId, byte reason) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0),
                new MqttPubReplyMessageVariableHeader(packetId, reason, MqttProperties.NO_PROPERTIES));
    }

    static MqttMessage pingResp() {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0));
    }

    /** The forwardable MQTT 5 properties of an incoming PUBLISH (or will). */
    static ForwardedProperties forwarded(MqttProperties props) {
        if (props == null || props.isEmpty()) {
            return ForwardedProperties.NONE;
        }
        Boolean utf8 = null;
        MqttProperties.MqttProperty<?> pfi = props.getProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR);
        if (pfi != null) {
            utf8 = ((Integer) pfi.value()) == 1;
        }
        String contentType = stringProp(props, MqttProperties.CONTENT_TYPE);
        String responseTopic = stringProp(props, MqttProperties.RESPONSE_TOPIC);
        MqttProperties.MqttProperty<?> corr = props.getProperty(MqttProperties.CORRELATION_DATA);
        byte[] correlation = corr == null ? null : (byte[]) corr.value();
        List<Map.Entry<String, String>> user = new ArrayList<>(0);
        for (MqttProperties.MqttProperty<?> p : props.getProperties(MqttProperties.USER_PROPERTY)) {
            if (p instanceof MqttProperties.UserProperty up) {
                user.add(new AbstractMap.SimpleImmutableEntry<>(up.value().key, up.value().value));
            } else if (p instanceof MqttProperties.UserProperties ups) {
                for (MqttProperties.StringPair pair : ups.value()) {
                    user.add(new AbstractMap.SimpleImmutableEntry<>(pair.key, pair.value));
                }
            }
        }
        if (utf8 == null && contentType == null && responseTopic == null && correlation == null && user.isEmpty()) {
            return ForwardedProperties.NONE;
        }
        return new ForwardedProperties(utf8, contentType, responseTopic, correlation, List.copyOf(user));
    }

    /** Message expiry interval property → absolute epoch millis, or 0. */
    static long expiresAt(MqttProperties props, long now) {
        if (props == null) {
            return 0;
        }
        MqttProperties.MqttProperty<?> p = props.getProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
        if (p == null) {
            return 0;
        }
        long seconds = Integer.toUnsignedLong((Integer) p.value());
        return now + seconds * 1000;
    }

    /** Properties of an outgoing PUBLISH to an MQTT 5 client. */
    static MqttProperties publishProperties(BrokerMessage m, int[] subscriptionIds, long now) {
        ForwardedProperties f = m.properties();
        if (f == ForwardedProperties.NONE && subscriptionIds.length == 0 && m.expiresAt() == 0) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties props = new MqttProperties();
        if (f.payloadFormatUtf8() != null) {
            props.add(new MqttProperties.IntegerProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR,
                    f.payloadFormatUtf8() ? 1 : 0));
        }
        if (f.contentType() != null) {
            props.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, f.contentType()));
        }
        if (f.responseTopic() != null) {
            props.add(new MqttProperties.StringProperty(MqttProperties.RESPONSE_TOPIC, f.responseTopic()));
        }
        if (f.correlationData() != null) {
            props.add(new MqttProperties.BinaryProperty(MqttProperties.CORRELATION_DATA, f.correlationData()));
        }
        if (!f.userProperties().isEmpty()) {
            MqttProperties.UserProperties user = new MqttProperties.UserProperties();
            for (Map.Entry<String, String> e : f.userProperties()) {
                user.add(e.getKey(), e.getValue());
            }
            props.add(user);
        }
        if (m.expiresAt() > 0) {
            long remaining = Math.max(1, (m.expiresAt() - now + 999) / 1000);
            props.add(new MqttProperties.IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, (int) remaining));
        }
        for (int id : subscriptionIds) {
            props.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, id));
        }
        return props;
    }

    /** {@code props} (not changed) plus a topic alias. */
    static MqttProperties withTopicAlias(MqttProperties props, int alias) {
        MqttProperties out = new MqttProperties();
        for (MqttProperties.MqttProperty<?> p : props.listAll()) {
            out.add(p);
        }
        out.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, alias));
        return out;
    }

    /**
     * Encoded size of an MQTT 5 PUBLISH with these properties, exactly as {@code MqttEncoder} writes it,
     * to honour the client's maximum packet size (an over-estimate would drop messages that fit).
     */
    static int publishSize(BrokerMessage m, int qos, MqttProperties props) {
        return publishSize(m.topic(), m, qos, props);
    }

    /** As {@link #publishSize(BrokerMessage, int, MqttProperties)} with the topic name as sent (empty with an alias). */
    static int publishSize(String topic, BrokerMessage m, int qos, MqttProperties props) {
        int propertiesLength = propertiesSize(props);
        long remaining = 2L + utf8Length(topic) + (qos > 0 ? 2 : 0)
                + varIntSize(propertiesLength) + propertiesLength + m.payload().length;
        return (int) Math.min(Integer.MAX_VALUE, 1 + varIntSize((int) Math.min(Integer.MAX_VALUE, remaining)) + remaining);
    }

    private static int propertiesSize(MqttProperties props) {
        int size = 0;
        for (MqttProperties.MqttProperty<?> p : props.listAll()) {
            int id = p.propertyId();
            switch (id) {
                case MqttProperties.PAYLOAD_FORMAT_INDICATOR -> size += 1 + 1;
                case MqttProperties.TOPIC_ALIAS -> size += 1 + 2;
                case MqttProperties.PUBLICATION_EXPIRY_INTERVAL -> size += 1 + 4;
                case MqttProperties.SUBSCRIPTION_IDENTIFIER -> size += 1 + varIntSize((Integer) p.value());
                case MqttProperties.CONTENT_TYPE, MqttProperties.RESPONSE_TOPIC ->
                        size += 1 + 2 + utf8Length((String) p.value());
                case MqttProperties.CORRELATION_DATA -> size += 1 + 2 + ((byte[]) p.value()).length;
                case MqttProperties.USER_PROPERTY -> {
                    if (p instanceof MqttProperties.UserProperties ups) {
                        for (MqttProperties.StringPair pair : ups.value()) {
                            size += 1 + 2 + utf8Length(pair.key) + 2 + utf8Length(pair.value);
                        }
                    } else if (p instanceof MqttProperties.UserProperty up) {
                        size += 1 + 2 + utf8Length(up.value().key) + 2 + utf8Length(up.value().value);
                    }
                }
                default -> throw new IllegalArgumentException("Unexpected PUBLISH property " + id);
            }
        }
        return size;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int varIntSize(int value) {
        int size = 1;
        while (value >= 128) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    private static String stringProp(MqttProperties props, int id) {
        MqttProperties.MqttProperty<?> p = props.getProperty(id);
        return p == null ? null : (String) p.value();
    }
}
