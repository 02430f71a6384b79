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
import io.tributary.broker.limits.LimitEvents;
import io.tributary.broker.limits.Limits;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.routing.MessageRouter;
import io.tributary.broker.session.Delivery;
import io.tributary.broker.session.Session;
import io.tributary.broker.session.Subscription;
import io.tributary.broker.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Handles SUBSCRIBE (validation, limits, SUBACK codes, retained delivery) and UNSUBSCRIBE. */
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
        Limits limits = core.settings().limits();
        List<Integer> codes = new ArrayList<>();
        List<RetainedFor> retainedFor = new ArrayList<>();
        for (MqttTopicSubscription ts : msg.payload().topicSubscriptions()) {
            Topics.ParsedFilter filter = Topics.parseFilter(ts.topicFilter());
            if (filter == null) {
                log.info("Client {} subscribed to invalid filter '{}'", conn.clientId(), ts.topicFilter());
                codes.add((int) (conn.isV5() ? ReasonCode.TOPIC_FILTER_INVALID : ReasonCode.V3_SUBACK_FAILURE) & 0xFF);
                continue;
            }
            if (limits.tooManyLevels(filter.filter())) {
                core.limitEvents().hit(LimitEvents.Limit.TOPIC_LEVELS, "Client {} subscribed to a filter of more "
                        + "than {} levels (mqtt.max-topic-levels): refused", conn.clientId(), limits.maxTopicLevels());
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
            if (overSubscriptionLimit(session, ts.topicFilter(), limits)) {
                core.limitEvents().hit(LimitEvents.Limit.SUBSCRIPTIONS, "Client {} has {} subscriptions "
                        + "(mqtt.max-subscriptions-per-client): '{}' refused", conn.clientId(),
                        limits.maxSubscriptions(), ts.topicFilter());
                codes.add((int) (conn.isV5() ? ReasonCode.QUOTA_EXCEEDED : ReasonCode.V3_SUBACK_FAILURE) & 0xFF);
                continue;
            }
            MqttSubscriptionOption option = ts.option();
            int qos = Math.min(2, option.qos().value());
            Subscription sub = new Subscription(conn.clientId(), filter, qos,
                    conn.isV5() && option.isNoLocal() && !filter.shared(),
                    conn.isV5() && option.isRetainAsPublished(),
                    conn.isV5() ? option.retainHandling().value() : 0, subscriptionId);
            MessageRouter.Subscribed added = core.router().subscribe(sub, core.retained());
            codes.add(qos);
            core.clientEvents().subscribed(conn.clientId(), conn.username(), ts.topicFilter(), qos, sub.noLocal(),
                    sub.retainAsPublished(), sub.retainHandling(), subscriptionId);
            if (!filter.shared() && (sub.retainHandling() == 0 || (sub.retainHandling() == 1 && added.isNew()))) {
                retainedFor.add(new RetainedFor(sub, added.retainedAsOf()));
            }
        }
        conn.write(new MqttSubAckMessage(
                new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(msg.idAndPropertiesVariableHeader().messageId(),
                        MqttProperties.NO_PROPERTIES),
                new MqttSubAckPayload(codes)));
        for (RetainedFor r : retainedFor) {
            deliverRetained(session, r.subscription(), r.asOf());
        }
    }

    /** A new filter (not one the client replaces) beyond the session's subscription limit. */
    private static boolean overSubscriptionLimit(Session session, String rawFilter, Limits limits) {
        return limits.maxSubscriptions() > 0 && !session.subscriptions().containsKey(rawFilter)
                && session.subscriptions().size() >= limits.maxSubscriptions();
    }

    void unsubscribe(MqttConnection conn, MqttUnsubscribeMessage msg) {
        List<Short> codes = new ArrayList<>();
        for (String filter : msg.payload().topics()) {
            boolean existed = core.router().unsubscribe(conn.session(), filter);
            if (existed) {
                core.clientEvents().unsubscribed(conn.clientId(), conn.username(), filter);
            }
            codes.add((short) (existed ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED));
        }
        conn.write(new MqttUnsubAckMessage(
                new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(msg.idAndPropertiesVariableHeader().messageId(),
                        MqttProperties.NO_PROPERTIES),
                new MqttUnsubAckPayload(codes)));
    }

    /**
     * Sends the retained messages stored up to {@code asOf} (later ones reach the subscriber live).
     * The store is read without a lock; each message is read again and offered under the
     * session's lock, so that a newer value routed live meanwhile is never overtaken by an older one.
     */
    private void deliverRetained(Session session, Subscription sub, long asOf) {
        int[] ids = sub.subscriptionId() > 0 ? new int[]{sub.subscriptionId()} : null;
        core.retained().forEachMatch(sub.filter().filter(), slot -> session.offer(() -> {
            BrokerMessage m = slot.messageAsOf(asOf, System.currentTimeMillis());
            if (m == null || !session.mayReceive(m.topic())) {
                return null; // a wildcard subscription gets only the retained topics the ACL allows
            }
            // retained messages sent because of a new subscription always carry the retain flag
            return new Delivery(m, Math.min(m.qos(), sub.qos()), true, ids);
        }));
    }

    private record RetainedFor(Subscription subscription, long asOf) {
    }
}
