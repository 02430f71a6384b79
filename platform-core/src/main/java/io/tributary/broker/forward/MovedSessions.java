package io.tributary.broker.forward;

import io.tributary.broker.session.Delivery;

import java.util.concurrent.CompletableFuture;

/**
 * Receives what the node log carries about persistent sessions moving between nodes: a session
 * that moved here, and messages the node it left relays for it (the handover, when on).
 */
public interface MovedSessions {
    MovedSessions NONE = new MovedSessions() {
        @Override
        public CompletableFuture<Void> session(String clientId, byte[] image) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> delivery(String clientId, Delivery d) {
            return CompletableFuture.completedFuture(null);
        }
    };

    /** @return completes when the session is stored here */
    CompletableFuture<Void> session(String clientId, byte[] image);

    /** @return completes when the delivery is stored here */
    CompletableFuture<Void> delivery(String clientId, Delivery d);
}
