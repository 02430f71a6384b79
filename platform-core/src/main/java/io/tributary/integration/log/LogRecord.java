package io.tributary.integration.log;

import io.tributary.broker.message.BrokerMessage;

/**
 * One message in an integration's log.
 *
 * @param offset  its position in the log (consecutive per log)
 * @param message the MQTT message
 * @param size    bytes it takes in the log, for accounting
 */
public record LogRecord(long offset, BrokerMessage message, int size) {
}
