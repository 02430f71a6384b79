package io.tributary.broker.routing;

import io.tributary.broker.message.BrokerMessage;

import java.util.concurrent.CompletableFuture;

/**
 * Where the broker hands messages that match an integration's topic filters. Implemented by the
 * integration runtime; the broker only needs to know when a message is safely queued.
 */
public interface IntegrationSink {
    /**
     * Offers a message to the integration's queue. Never blocks.
     *
     * @return a future that completes when the message is in the queue: at once when there is
     * room; later when the queue is full and the message is QoS 1/2 (the broker holds the
     * publisher's acknowledgement and stops reading its connection until then). A QoS 0 message
     * that finds the queue full is dropped (counted) and the future completes at once. The
     * future never completes exceptionally.
     */
    CompletableFuture<Void> offer(BrokerMessage message);
}
