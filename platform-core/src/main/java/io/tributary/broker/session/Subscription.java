package io.tributary.broker.session;

import io.tributary.broker.topic.Topics.ParsedFilter;

/**
 * One subscription of a client.
 *
 * @param clientId          subscriber
 * @param filter            filter as subscribed (may be shared)
 * @param qos               granted maximum QoS
 * @param noLocal           MQTT 5: do not deliver the client's own publishes
 * @param retainAsPublished MQTT 5: keep the retain flag of forwarded messages
 * @param retainHandling    MQTT 5: 0 send retained on subscribe, 1 only if new, 2 never
 * @param subscriptionId    MQTT 5 subscription identifier, 0 when none
 */
public record Subscription(String clientId, ParsedFilter filter, int qos, boolean noLocal,
                           boolean retainAsPublished, int retainHandling, int subscriptionId) {
}
