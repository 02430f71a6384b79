package io.tributary.broker.protocol;

import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.tributary.broker.BrokerCore;
import io.tributary.broker.auth.SubscribeGrant;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.session.Delivery;
import io.tributary.broker.session.Session;
import io.tributary.broker.session.Subscription;
import io.tributary.broker.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Handles SUBSCRIBE (validation, SUBACK codes, retained delivery) and UNSUBSCRIBE. */
final class SubscribeHandler {
    private static final Logger log = LoggerFactory.getLogger(SubscribeHandler.class);

    private final BrokerCore core;

    SubscribeHandler(BrokerCore core) {
        this.core = core;
    }

    void subscribe(MqttConnection conn, MqttSubscribeMessage msg) {
        Session session = conn.session();
        MqttProperties props = msg.idAndPropertiesVariableHeader().properties();
        int subscriptionId = 0;
        MqttProperties.MqttProperty<?> idProp = props == null ? null
                : props.getProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER);
        if (idProp != null) {
            subscriptionId = (Integer) idProp.value();
        }
        // subscribing, SUBACK and the retained messages form one step that no retained publish
        // interleaves with (see MessageRouter#whileRetainedStable)
        int id = subscriptionId;
        core.router().whileRetainedStable(() -> subscribe(conn, session, msg, id));
    }

    private void subscribe(MqttConnection conn, Session session, MqttSubscribeMessage msg, int subscriptionId) {
        List<Integer> codes = new ArrayList<>();
        List<Subscription> retainedFor = new ArrayList<>();
        for (MqttTopicSubscription ts : msg.payload().topicSubscriptions()) {
            Topics.ParsedFilter filter = Topics.parseFilter(ts.topicFilter());
            if (filter == null) {
                log.info("Client {} subscribed to invalid filter '{}'", conn.clientId(), ts.topicFilter());
                codes.add((int) (conn.isV5() ? ReasonCode.TOPIC_FILTER_INVALID : ReasonCode.V3_SUBACK_FAILURE) & 0xFF);
                continue;
            }
            // the ACL sees the filter without $share/group/: sharing does not change what is read
            SubscribeGrant grant = core.authorizer().subscribe(conn.clientId(), conn.username(), filter.filter());
            if (grant == SubscribeGrant.DENIED) {
                log.info("Client {} (user {}) may not subscribe to '{}'", conn.clientId(), conn.username(),
                        ts.topicFilter());
                codes.add((int) (conn.isV5() ? ReasonCode.NOT_AUTHORIZED : ReasonCode.V3_SUBACK_FAILURE) & 0xFF);
                continue;
            }
            if (grant == SubscribeGrant.PER_TOPIC && !session.hasReceiveGuard()) {
                core.guardDeliveries(session, conn.clientId(), conn.username());
            }
            MqttSubscriptionOption option = ts.option();
            int qos = Math.min(2, option.qos().value());
            Subscription sub = new Subscription(conn.clientId(), filter, qos,
                    conn.isV5() && option.isNoLocal() && !filter.shared(),
                    conn.isV5() && option.isRetainAsPublished(),
                    conn.isV5() ? option.retainHandling().value() : 0, subscriptionId);
            boolean isNew = core.router().subscribe(sub);
            codes.add(qos);
            if (!filter.shared() && (sub.retainHandling() == 0 || (sub.retainHandling() == 1 && isNew))) {
                retainedFor.add(sub);
            }
        }
        conn.write(new MqttSubAckMessage(
                new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(msg.idAndPropertiesVariableHeader().messageId(),
                        MqttProperties.NO_PROPERTIES),
                new MqttSubAckPayload(codes)));
        for (Subscription sub : retainedFor) {
            deliverRetained(session, sub);
        }
    }

    void unsubscribe(MqttConnection conn, MqttUnsubscribeMessage msg) {
        List<Short> codes = new ArrayList<>();
        for (String filter : msg.payload().topics()) {
            boolean existed = core.router().unsubscribe(conn.session(), filter);
            codes.add((short) (existed ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED));
        }
        conn.write(new MqttUnsubAckMessage(
                new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(msg.idAndPropertiesVariableHeader().messageId(),
                        MqttProperties.NO_PROPERTIES),
                new MqttUnsubAckPayload(codes)));
    }

    private void deliverRetained(Session session, Subscription sub) {
        int[] ids = sub.subscriptionId() > 0 ? new int[]{sub.subscriptionId()} : null;
        for (BrokerMessage m : core.retained().match(sub.filter().filter())) {
            if (!session.mayReceive(m.topic())) {
                continue; // a wildcard subscription gets only the retained topics the ACL allows
            }
            // retained messages sent because of a new subscription always carry the retain flag
            session.offer(new Delivery(m, Math.min(m.qos(), sub.qos()), true, ids));
        }
    }
}
