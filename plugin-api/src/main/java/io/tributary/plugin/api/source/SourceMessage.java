package io.tributary.plugin.api.source;

import io.tributary.plugin.api.message.UserProperty;

import java.util.List;
import java.util.Objects;

/**
 * A message an integration publishes into the broker through {@link MessagePublisher}.
 * Immutable: the payload and correlation data are private copies.
 *
 * <pre>{@code
 * SourceMessage m = SourceMessage.builder()
 *         .topic("sensors/" + deviceId)
 *         .payload(bytes)
 *         .qos(1)
 *         .userProperties(List.of(new UserProperty("source", "kafka")))
 *         .origin("kafka:" + clusterId + "/" + kafkaTopic)
 *         .build();
 * }</pre>
 *
 * @since 0.2
 */
public final class SourceMessage {
    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final boolean retain;
    private final List<UserProperty> userProperties;
    private final String contentType;
    private final String responseTopic;
    private final byte[] correlationData;
    private final boolean payloadFormatUtf8;
    private final long messageExpirySeconds;
    private final String origin;

    private SourceMessage(Builder b) {
        this.topic = Objects.requireNonNull(b.topic, "topic");
        if (b.qos < 0 || b.qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2");
        }
        if (b.messageExpirySeconds < 0 || b.messageExpirySeconds > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("messageExpirySeconds must be 0..4294967295");
        }
        this.payload = b.payload == null ? new byte[0] : b.payload.clone();
        this.qos = b.qos;
        this.retain = b.retain;
        this.userProperties = List.copyOf(b.userProperties);
        this.contentType = b.contentType == null ? "" : b.contentType;
        this.responseTopic = b.responseTopic == null ? "" : b.responseTopic;
        this.correlationData = b.correlationData == null ? new byte[0] : b.correlationData.clone();
        this.payloadFormatUtf8 = b.payloadFormatUtf8;
        this.messageExpirySeconds = b.messageExpirySeconds;
        this.origin = b.origin == null ? "" : b.origin;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** MQTT topic name to publish to (no wildcards). */
    public String topic() {
        return topic;
    }

    /** A copy of the payload. */
    public byte[] payload() {
        return payload.clone();
    }

    public int payloadSize() {
        return payload.length;
    }

    /** 0, 1 or 2: the QoS subscribers get at most. */
    public int qos() {
        return qos;
    }

    /** Whether the broker keeps it as the topic's retained message. */
    public boolean retain() {
        return retain;
    }

    /** MQTT 5 user properties in order, repeated keys kept; subscribers on MQTT 3 do not see them. */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    /** MQTT 5 content type, or empty. */
    public String contentType() {
        return contentType;
    }

    /** MQTT 5 response topic, or empty. */
    public String responseTopic() {
        return responseTopic;
    }

    /** A copy of the MQTT 5 correlation data, or an empty array. */
    public byte[] correlationData() {
        return correlationData.clone();
    }

    /** MQTT 5 payload format indicator: true when the payload is UTF-8 text. */
    public boolean payloadFormatUtf8() {
        return payloadFormatUtf8;
    }

    /** MQTT 5 message expiry interval in seconds, or 0 for none. */
    public long messageExpirySeconds() {
        return messageExpirySeconds;
    }

    /**
     * Where the message came from, for loop protection: integrations receiving it see it as
     * {@link io.tributary.plugin.api.message.IntegrationMessage#origin()}. Name the external
     * system and place (e.g. {@code kafka:<cluster id>/<topic>}), so that a sink writing to the
     * same place can recognise it. Never shown to MQTT subscribers.
     */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "SourceMessage[topic=" + topic + ", qos=" + qos + ", retain=" + retain + ", bytes=" + payload.length
                + ", origin=" + origin + "]";
    }

    /**
     * Builds source messages.
     *
     * @since 0.2
     */
    public static final class Builder {
        private String topic;
        private byte[] payload;
        private int qos;
        private boolean retain;
        private List<UserProperty> userProperties = List.of();
        private String contentType;
        private String responseTopic;
        private byte[] correlationData;
        private boolean payloadFormatUtf8;
        private long messageExpirySeconds;
        private String origin;

        private Builder() {
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /** Copied on {@link #build()}. */
        public Builder payload(byte[] payload) {
            this.payload = payload;
            return this;
        }

        public Builder qos(int qos) {
            this.qos = qos;
            return this;
        }

        public Builder retain(boolean retain) {
            this.retain = retain;
            return this;
        }

        public Builder userProperties(List<UserProperty> userProperties) {
            this.userProperties = userProperties == null ? List.of() : userProperties;
            return this;
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        public Builder responseTopic(String responseTopic) {
            this.responseTopic = responseTopic;
            return this;
        }

        /** Copied on {@link #build()}. */
        public Builder correlationData(byte[] correlationData) {
            this.correlationData = correlationData;
            return this;
        }

        public Builder payloadFormatUtf8(boolean utf8) {
            this.payloadFormatUtf8 = utf8;
            return this;
        }

        public Builder messageExpirySeconds(long seconds) {
            this.messageExpirySeconds = seconds;
            return this;
        }

        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        public SourceMessage build() {
            return new SourceMessage(this);
        }
    }
}
