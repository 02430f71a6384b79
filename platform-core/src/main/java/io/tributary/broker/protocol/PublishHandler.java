package io.tributary.broker.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.tributary.broker.BrokerCore;
import io.tributary.broker.limits.LimitEvents;
import io.tributary.broker.limits.Limits;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.metrics.BrokerMetrics;
import io.tributary.broker.session.Session;
import io.tributary.broker.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Handles PUBLISH from a client and the QoS 1/2 acknowledgement packets in both directions. */
final class PublishHandler {
    private static final Logger log = LoggerFactory.getLogger(PublishHandler.class);

    private final BrokerCore core;

    PublishHandler(BrokerCore core) {
        this.core = core;
    }

    void publish(MqttConnection conn, MqttPublishMessage msg) {
        MqttPublishVariableHeader header = msg.variableHeader();
        int qos = msg.fixedHeader().qosLevel().value();
        int packetId = header.packetId();
        long readAt = qos > 0 ? System.nanoTime() : 0;
        String topic = resolveTopic(conn, header);
        if (topic == null) {
            return;
        }
        core.metrics().received(qos, msg.payload().readableBytes());
        Session session = conn.session();
        if (!core.authorizer().canPublish(conn.clientId(), conn.username(), topic)) {
            log.info("Client {} may not publish to {}", conn.clientId(), topic);
            core.metrics().dropped(BrokerMetrics.Drop.NOT_AUTHORIZED);
            acknowledge(conn, qos, packetId, ReasonCode.NOT_AUTHORIZED);
            return;
        }
        long inboundMark = -1;
        if (qos == 2) {
            inboundMark = session.inboundQos2(packetId);
            if (inboundMark == Session.DUPLICATE) {
                // a re-sent QoS 2 PUBLISH we already have: acknowledge, do not deliver twice
                conn.write(MqttPackets.pubReply(MqttMessageType.PUBREC, packetId, ReasonCode.SUCCESS));
                return;
            }
        }
        if (qos == 2 && session.inboundQos2Count() > core.settings().receiveMaximum()) {
            session.inboundRelease(packetId);
            log.info("Client {} exceeded the receive maximum", conn.clientId());
            conn.disconnect(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "Receive maximum exceeded");
            return;
        }
        long now = System.currentTimeMillis();
        MqttProperties props = header.properties();
        BrokerMessage message = new BrokerMessage(topic, bytes(msg.payload()), qos, msg.fixedHeader().isRetain(),
                conn.clientId(), now, MqttPackets.expiresAt(props, now),
                conn.isV5() ? MqttPackets.forwarded(props) : BrokerMessage.ForwardedProperties.NONE);
        var accepted = core.publish(message, inboundMark);
        if (qos > 0) {
            // QoS 1/2: acknowledged only once the message is stored everywhere it has to be
            conn.acknowledgeWhenAccepted(accepted, error -> {
                if (error == null) {
                    acknowledge(conn, qos, packetId, ReasonCode.SUCCESS);
                } else {
                    notStored(conn, qos, packetId, error);
                }
                core.metrics().acknowledged(readAt);
            });
        }
    }

    void pubrel(MqttConnection conn, int packetId) {
        boolean known = conn.session().inboundRelease(packetId);
        conn.write(MqttPackets.pubReply(MqttMessageType.PUBCOMP, packetId,
                known ? ReasonCode.SUCCESS : ReasonCode.PACKET_ID_NOT_FOUND));
    }

    void puback(MqttConnection conn, int packetId) {
        conn.session().puback(packetId);
    }

    void pubrec(MqttConnection conn, int packetId, int reason) {
        boolean known = conn.session().pubrec(packetId, reason >= 0x80);
        if (!known) {
            conn.write(MqttPackets.pubReply(MqttMessageType.PUBREL, packetId, ReasonCode.PACKET_ID_NOT_FOUND));
        }
    }

    void pubcomp(MqttConnection conn, int packetId) {
        conn.session().pubcomp(packetId);
    }

    /**
     * The message could not be stored: MQTT 5 gets a failure reason code (the client may send it
     * again); 3.1.1 has no negative acknowledgement, so the connection is closed and the client
     * re-sends the unacknowledged message after reconnecting.
     */
    private static void notStored(MqttConnection conn, int qos, int packetId, Throwable error) {
        log.error("A message from {} could not be stored: {}", conn.clientId(), error.toString());
        if (qos == 2) {
            conn.session().inboundRelease(packetId);
        }
        if (conn.isV5()) {
            acknowledge(conn, qos, packetId, ReasonCode.UNSPECIFIED_ERROR);
        } else {
            conn.disconnect(ReasonCode.UNSPECIFIED_ERROR, "Message could not be stored");
        }
    }

    private static void acknowledge(MqttConnection conn, int qos, int packetId, byte reason) {
        if (qos == 1) {
            conn.write(MqttPackets.pubReply(MqttMessageType.PUBACK, packetId, reason));
        } else if (qos == 2) {
            conn.write(MqttPackets.pubReply(MqttMessageType.PUBREC, packetId, reason));
        }
    }

    /** Applies MQTT 5 topic aliases; returns null after closing the connection on a protocol error. */
    private String resolveTopic(MqttConnection conn, MqttPublishVariableHeader header) {
        String topic = header.topicName();
        MqttProperties.MqttProperty<?> aliasProp = conn.isV5() && header.properties() != null
                ? header.properties().getProperty(MqttProperties.TOPIC_ALIAS) : null;
        if (aliasProp != null) {
            int alias = (Integer) aliasProp.value();
            if (alias == 0 || alias > core.settings().topicAliasMaximum()) {
                log.info("Client {} used invalid topic alias {}", conn.clientId(), alias);
                conn.disconnect(ReasonCode.TOPIC_ALIAS_INVALID, "Topic alias " + alias + " is out of range");
                return null;
            }
            if (topic.isEmpty()) {
                topic = conn.topicAliases().get(alias);
                if (topic == null) {
                    conn.disconnect(ReasonCode.PROTOCOL_ERROR, "Unknown topic alias " + alias);
                    return null;
                }
            } else {
                conn.topicAliases().put(alias, topic);
            }
        }
        if (!Topics.isValidTopicName(topic)) {
            log.info("Client {} published to invalid topic '{}'", conn.clientId(), topic);
            conn.disconnect(ReasonCode.TOPIC_NAME_INVALID, "Invalid topic name");
            return null;
        }
        Limits limits = core.settings().limits();
        if (limits.tooManyLevels(topic)) {
            core.limitEvents().hit(LimitEvents.Limit.TOPIC_LEVELS, "Client {} published to a topic of more than {} "
                    + "levels (mqtt.max-topic-levels): disconnected", conn.clientId(), limits.maxTopicLevels());
            conn.disconnect(ReasonCode.TOPIC_NAME_INVALID, "Topic has more than " + limits.maxTopicLevels()
                    + " levels");
            return null;
        }
        return topic;
    }

    private static byte[] bytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf, buf.readerIndex(), buf.readableBytes(), true);
    }
}
