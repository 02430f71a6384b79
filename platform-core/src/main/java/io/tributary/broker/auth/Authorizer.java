package io.tributary.broker.auth;

/**
 * Per-topic permission hook. The broker asks it before accepting a PUBLISH or a subscription;
 * the default allows everything. A later issue plugs in ACLs here.
 */
public interface Authorizer {
    Authorizer ALLOW_ALL = new Authorizer() {
    };

    default boolean canPublish(String clientId, String username, String topic) {
        return true;
    }

    default boolean canSubscribe(String clientId, String username, String filter) {
        return true;
    }
}
