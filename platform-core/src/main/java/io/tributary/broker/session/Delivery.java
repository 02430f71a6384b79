package io.tributary.broker.session;

import io.tributary.broker.message.BrokerMessage;

/**
 * A message on its way to one subscriber, with the per-subscriber QoS, retain flag and
 * subscription identifiers already worked out.
 *
 * @param message         the application message
 * @param qos             QoS for this subscriber: min(published, granted)
 * @param retain          retain flag to send
 * @param subscriptionIds MQTT 5 subscription identifiers of the matching subscriptions
 */
public record Delivery(BrokerMessage message, int qos, boolean retain, int[] subscriptionIds) {
    private static final int[] NONE = new int[0];

    public Delivery {
        subscriptionIds = subscriptionIds == null ? NONE : subscriptionIds;
    }
}
