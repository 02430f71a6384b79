package io.tributary.broker.auth;

/**
 * Per-topic permission hook. The broker asks it before accepting a PUBLISH or a will, before a
 * subscription, and before delivering to a subscription granted {@link SubscribeGrant#PER_TOPIC}
 * (also for retained messages). The default allows everything.
 *
 * <p>Threading: called on event loops and the broker's timer for every publish, so answers come
 * from memory and must not block.
 *
 * @see io.tributary.broker.acl.MqttAcl the ACL rules that implement it
 */
public interface Authorizer {
    Authorizer ALLOW_ALL = new Authorizer() {
    };

    /** @param username authenticated user, {@code null} when anonymous */
    default boolean canPublish(String clientId, String username, String topic) {
        return true;
    }

    /** @param filter a topic filter without any {@code $share/group/} prefix */
    default SubscribeGrant subscribe(String clientId, String username, String filter) {
        return SubscribeGrant.GRANTED;
    }

    default boolean canSubscribe(String clientId, String username, String filter) {
        return subscribe(clientId, username, filter) != SubscribeGrant.DENIED;
    }

    /** May a message on {@code topic} be delivered to this client (its subscription was {@link SubscribeGrant#PER_TOPIC})? */
    default boolean canReceive(String clientId, String username, String topic) {
        return true;
    }
}
