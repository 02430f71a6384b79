package io.tributary.integration.runtime;

import io.tributary.broker.message.BrokerMessage;

/**
 * A message waiting for an integration, with how many delivery attempts it has had.
 *
 * @param message  the MQTT message
 * @param attempts attempts made so far
 */
public record QueuedMessage(BrokerMessage message, int attempts) {
    QueuedMessage nextAttempt() {
        return new QueuedMessage(message, attempts + 1);
    }
}
