package io.tributary.mqtt.config;

import io.tributary.plugin.api.message.IntegrationMessage;

/** The QoS of the forwarded message: the {@code qos} field. */
public enum QosChoice implements Choice {
    AS_PUBLISHED("asPublished", "As published"),
    AT_MOST_ONCE("0", "0 (at most once)"),
    AT_LEAST_ONCE("1", "1 (at least once)"),
    EXACTLY_ONCE("2", "2 (exactly once)");

    private final String value;
    private final String label;

    QosChoice(String value, String label) {
        this.value = value;
        this.label = label;
    }

    @Override
    public String value() {
        return value;
    }

    @Override
    public String label() {
        return label;
    }

    /** The QoS (0, 1 or 2) to forward {@code message} with. */
    public int qosFor(IntegrationMessage message) {
        return this == AS_PUBLISHED ? message.qos() : ordinal() - 1;
    }

    public static QosChoice from(String value) {
        return Choice.from(QosChoice.class, value, AS_PUBLISHED, "QoS");
    }
}
