package io.tributary.integration.deadletter;

import io.tributary.broker.message.BrokerMessage;

/**
 * A message an integration gave up on: its plugin called the failure permanent, or it failed
 * more often than the integration's maximum number of attempts.
 *
 * @param id            id in the store
 * @param integrationId integration it belongs to
 * @param time          epoch millis when it was dead-lettered
 * @param message       the MQTT message as received
 * @param attempts      delivery attempts made
 * @param error         the last error
 */
public record DeadLetter(long id, String integrationId, long time, BrokerMessage message, int attempts,
                         String error) {
}
