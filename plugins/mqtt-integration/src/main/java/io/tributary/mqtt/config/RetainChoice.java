package io.tributary.mqtt.config;

import io.tributary.plugin.api.message.IntegrationMessage;

/** The retain flag of the forwarded message: the {@code retain} field. */
public enum RetainChoice implements Choice {
    AS_PUBLISHED("asPublished", "As published"),
    ALWAYS("always", "Always (the remote broker keeps the last message of each topic)"),
    NEVER("never", "Never");

    private final String value;
    private final String label;

    RetainChoice(String value, String label) {
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

    public boolean retainFor(IntegrationMessage message) {
        return switch (this) {
            case AS_PUBLISHED -> message.retain();
            case ALWAYS -> true;
            case NEVER -> false;
        };
    }

    public static RetainChoice from(String value) {
        return Choice.from(RetainChoice.class, value, AS_PUBLISHED, "retain option");
    }
}
