package io.tributary.broker.clientevents;

/**
 * Why an accepted connection ended, as the {@code reason} of a {@code DISCONNECTED} event. The
 * first cause recorded wins (a client's DISCONNECT followed by the socket closing is a
 * {@link #CLIENT_DISCONNECT}).
 */
public enum DisconnectReason {
    /** The client sent DISCONNECT; the event's {@code reasonCode} is the one it sent (0 normal, 4 with will). */
    CLIENT_DISCONNECT,
    /** The network connection closed or failed without a DISCONNECT. */
    CONNECTION_LOST,
    /** The client was silent for 1.5 x its keep-alive (0x8D). */
    KEEP_ALIVE_TIMEOUT,
    /** Another connection with the same client id took over (0x8E). */
    SESSION_TAKEN_OVER,
    /** The broker is stopping (0x8B). */
    SERVER_SHUTTING_DOWN,
    /** The client's user was disabled, deleted or got a new password (0x87). */
    NOT_AUTHORIZED,
    /** The client broke the protocol: malformed packet, bad topic or alias, too large, too many in flight. */
    PROTOCOL_ERROR,
    /** The broker could not handle one of the client's packets (0x80). */
    SERVER_ERROR,
    /** The client did not read what it was sent (mqtt.outbound.slow-consumer=disconnect); no DISCONNECT is sent. */
    SLOW_CONSUMER;

    /**
     * The {@code reason} label of {@code tributary_mqtt_disconnects_total}: {@code client},
     * {@code takeover}, {@code server_shutdown}, else the name in lower case.
     */
    public String metricLabel() {
        return switch (this) {
            case CLIENT_DISCONNECT -> "client";
            case SESSION_TAKEN_OVER -> "takeover";
            case SERVER_SHUTTING_DOWN -> "server_shutdown";
            default -> name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** The reason for a DISCONNECT the broker sends with MQTT 5 reason code {@code code}. */
    public static DisconnectReason ofServerCode(int code) {
        return switch (code & 0xFF) {
            case 0x8D -> KEEP_ALIVE_TIMEOUT;
            case 0x8E -> SESSION_TAKEN_OVER;
            case 0x8B -> SERVER_SHUTTING_DOWN;
            case 0x87 -> NOT_AUTHORIZED;
            case 0x80 -> SERVER_ERROR;
            default -> PROTOCOL_ERROR;
        };
    }
}
