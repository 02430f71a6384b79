package io.tributary.broker.message;

import java.util.List;
import java.util.Map;

/**
 * An application message as the broker received it. Immutable; the payload is a private copy
 * (never a pooled buffer), so it can be queued, retained and handed to plugins safely.
 *
 * @param topic          topic name
 * @param payload        payload bytes (do not modify)
 * @param qos            QoS the publisher used (0..2)
 * @param retain         retain flag as published
 * @param publisherId    client id of the publisher ({@code null} for broker-originated messages)
 * @param receivedAt     epoch millis when the broker received it
 * @param expiresAt      epoch millis after which it must not be delivered, or 0 for never
 * @param properties     MQTT 5 properties forwarded to subscribers
 * @param eventType      {@code null} for an application message; for a client lifecycle event
 *                       sent to integrations, its type ({@code CONNECTED}...), see
 *                       {@link io.tributary.broker.clientevents.ClientEventType}
 * @param origin         where an integration that published it says it came from (loop protection), or
 *                       {@code null} for messages from MQTT clients; integrations see it, subscribers never do
 */
public record BrokerMessage(String topic, byte[] payload, int qos, boolean retain, String publisherId,
                            long receivedAt, long expiresAt, ForwardedProperties properties, String eventType,
                            String origin) {

    /** An application message from an MQTT client or the broker itself (no event type, no origin). */
    public BrokerMessage(String topic, byte[] payload, int qos, boolean retain, String publisherId,
                         long receivedAt, long expiresAt, ForwardedProperties properties) {
        this(topic, payload, qos, retain, publisherId, receivedAt, expiresAt, properties, null, null);
    }

    /** A client lifecycle event of type {@code eventType} for integrations. */
    public static BrokerMessage clientEvent(String topic, byte[] payload, String clientId, long receivedAt,
                                            ForwardedProperties properties, String eventType) {
        return new BrokerMessage(topic, payload, 1, false, clientId, receivedAt, 0, properties, eventType, null);
    }

    /** A message an integration published into the broker, from {@code origin}. */
    public static BrokerMessage fromIntegration(String topic, byte[] payload, int qos, boolean retain,
                                                long receivedAt, long expiresAt, ForwardedProperties properties,
                                                String origin) {
        return new BrokerMessage(topic, payload, qos, retain, null, receivedAt, expiresAt, properties, null, origin);
    }

    /** True for a client lifecycle event, false for an application message. */
    public boolean isClientEvent() {
        return eventType != null;
    }

    /** True when the message expiry interval has passed. */
    public boolean expired(long now) {
        return expiresAt > 0 && now >= expiresAt;
    }

    /** The same message with another retain flag. */
    public BrokerMessage withRetain(boolean newRetain) {
        return newRetain == retain ? this
                : new BrokerMessage(topic, payload, qos, newRetain, publisherId, receivedAt, expiresAt, properties,
                        eventType, origin);
    }

    /**
     * MQTT 5 properties that travel with the message from publisher to subscriber.
     *
     * @param payloadFormatUtf8 payload format indicator 1 (UTF-8), else {@code null}/false
     * @param contentType       content type, or {@code null}
     * @param responseTopic     response topic, or {@code null}
     * @param correlationData   correlation data, or {@code null}
     * @param userProperties    user properties in order, repeated keys kept
     */
    public record ForwardedProperties(Boolean payloadFormatUtf8, String contentType, String responseTopic,
                                      byte[] correlationData, List<Map.Entry<String, String>> userProperties) {
        public static final ForwardedProperties NONE = new ForwardedProperties(null, null, null, null, List.of());
    }
}
