package io.tributary.broker.auth;

/** What an {@link Authorizer} says to a subscription filter. */
public enum SubscribeGrant {
    /** Every topic the filter matches may be received. */
    GRANTED,
    /**
     * The filter is allowed but a deny rule covers part of it (e.g. {@code #} with {@code secret/#}
     * denied): the subscription is made and each message is checked with
     * {@link Authorizer#canReceive} before delivery.
     */
    PER_TOPIC,
    /** Refused: SUBACK 0x87 (MQTT 5) or 0x80 (3.1.1) for this filter. */
    DENIED
}
