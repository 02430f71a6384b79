package io.tributary.broker.clientevents;

/**
 * What can happen to an MQTT client that integrations with "also send client events" hear
 * about. The name is the record's {@code eventType}; {@link #topic()} its {@code topicName} (the
 * event topics of EMQX's rule engine, under {@code $events/}, which no client can publish to or
 * match with a wildcard).
 */
public enum ClientEventType {
    /** A CONNECT was accepted (CONNACK 0 sent). */
    CONNECTED("$events/client_connected"),
    /** An accepted connection ended, for the reason in the payload. */
    DISCONNECTED("$events/client_disconnected"),
    /** A subscription was granted (one event per topic filter of a SUBSCRIBE). */
    SUBSCRIBED("$events/session_subscribed"),
    /** An UNSUBSCRIBE removed a subscription (one event per topic filter that existed). */
    UNSUBSCRIBED("$events/session_unsubscribed"),
    /** A session that outlived its connection reached its expiry interval and was discarded. */
    SESSION_EXPIRED("$events/session_expired");

    private final String topic;

    ClientEventType(String topic) {
        this.topic = topic;
    }

    /** The record's {@code topicName}. */
    public String topic() {
        return topic;
    }
}
