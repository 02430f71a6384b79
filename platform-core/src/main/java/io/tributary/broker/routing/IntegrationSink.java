package io.tributary.broker.routing;

import io.tributary.broker.message.BrokerMessage;

import java.util.concurrent.CompletableFuture;

/**
 * Where the broker hands messages that match an integration's topic filters. Implemented by the
 * integration runtime; the broker only needs to know when a message is safely stored.
 */
public interface IntegrationSink {
    /**
     * Offers a message to the integration's log. Never blocks.
     *
     * @return a future that completes when the message is stored in the integration's log as its
     * durability promises: once the batch holding it is written (and fsynced), later still when
     * the log is full and the message is QoS 1/2 (the broker holds the publisher's
     * acknowledgement and stops reading its connection until then). A QoS 0 message that finds
     * the log full is dropped (counted) and the future completes at once. It completes
     * exceptionally only when the log cannot take the message at all; the publisher must then not
     * be told it was accepted.
     */
    CompletableFuture<Void> offer(BrokerMessage message);
}
