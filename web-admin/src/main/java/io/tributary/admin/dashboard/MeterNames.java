package io.tributary.admin.dashboard;

/**
 * The Micrometer names of the meters the dashboard reads (Prometheus names with dots instead of
 * underscores, counters without {@code _total}). Registered by the broker; the dashboard shows
 * "n/a" for a meter that is not registered.
 */
final class MeterNames {
    static final String MESSAGES_RECEIVED = "tributary.mqtt.messages.received";
    static final String MESSAGES_SENT = "tributary.mqtt.messages.sent";
    static final String BYTES_RECEIVED = "tributary.mqtt.bytes.received";
    static final String BYTES_SENT = "tributary.mqtt.bytes.sent";
    static final String MESSAGES_DROPPED = "tributary.mqtt.messages.dropped";
    static final String CONNECTIONS = "tributary.mqtt.connections";
    static final String SESSIONS = "tributary.mqtt.sessions";
    static final String SUBSCRIPTIONS = "tributary.mqtt.subscriptions";
    static final String RETAINED_MESSAGES = "tributary.mqtt.retained.messages";

    /** Every name above, for the test that checks them against {@code docs/metrics-names.txt}. */
    static final java.util.List<String> ALL = java.util.List.of(MESSAGES_RECEIVED, MESSAGES_SENT, BYTES_RECEIVED,
            BYTES_SENT, MESSAGES_DROPPED, CONNECTIONS, SESSIONS, SUBSCRIPTIONS, RETAINED_MESSAGES);

    private MeterNames() {
    }
}
