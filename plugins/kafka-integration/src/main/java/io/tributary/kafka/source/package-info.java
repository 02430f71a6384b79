/**
 * The {@code KAFKA_TO_MQTT} integration type: consumes Kafka topics and publishes each record into
 * the broker as an MQTT message, committing offsets only after the broker accepted the message.
 */
package io.tributary.kafka.source;
