package io.tributary.plugin.api.message;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * An MQTT message handed to an integration. Immutable: the payload is a private copy that no
 * one else can change; {@link #payload()} returns a fresh copy, {@link #payloadBuffer()} a
 * read-only view without copying.
 *
 * @since 0.1
 */
public final class IntegrationMessage {
    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final boolean retain;
    private final String clientId;
    private final List<UserProperty> userProperties;
    private final long receivedAt;
    private final String brokerNodeId;
    private final String eventType;
    private final String contentType;
    private final String responseTopic;
    private final byte[] correlationData;
    private final String origin;

    private IntegrationMessage(Builder b) {
        this.topic = Objects.requireNonNull(b.topic, "topic");
        this.payload = b.payload == null ? new byte[0] : b.payload.clone();
        if (b.qos < 0 || b.qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2");
        }
        this.qos = b.qos;
        this.retain = b.retain;
        this.clientId = b.clientId == null ? "" : b.clientId;
        this.userProperties = List.copyOf(b.userProperties);
        this.receivedAt = b.receivedAt;
        this.brokerNodeId = b.brokerNodeId == null ? "" : b.brokerNodeId;
        this.eventType = b.eventType == null || b.eventType.isEmpty() ? PUBLISH_MSG : b.eventType;
        this.contentType = b.contentType == null ? "" : b.contentType;
        this.responseTopic = b.responseTopic == null ? "" : b.responseTopic;
        this.correlationData = b.correlationData == null ? new byte[0] : b.correlationData.clone();
        this.origin = b.origin == null ? "" : b.origin;
    }

    /**
     * The {@link #eventType()} of an application message a client published.
     *
     * @since 0.2
     */
    public static final String PUBLISH_MSG = "PUBLISH_MSG";

    public static Builder builder() {
        return new Builder();
    }

    /** MQTT topic the message was published to. */
    public String topic() {
        return topic;
    }

    /** A copy of the payload bytes. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload as a read-only buffer (no copy). */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    public int payloadSize() {
        return payload.length;
    }

    /** QoS the publisher used: 0, 1 or 2. */
    public int qos() {
        return qos;
    }

    /** Retain flag as published. */
    public boolean retain() {
        return retain;
    }

    /** Client id of the publisher. */
    public String clientId() {
        return clientId;
    }

    /** MQTT 5 user properties in order; repeated keys kept. Empty for MQTT 3 publishers. */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    /** Epoch milliseconds when the broker received the message. */
    public long receivedAt() {
        return receivedAt;
    }

    /** Id of the broker node that received the message. */
    public String brokerNodeId() {
        return brokerNodeId;
    }

    /**
     * What happened: {@link #PUBLISH_MSG} for a published message (the only type unless the
     * integration also receives client events, whose types are listed in the plugin guide).
     *
     * @since 0.2
     */
    public String eventType() {
        return eventType;
    }

    /**
     * MQTT 5 content type, or empty.
     *
     * @since 0.2
     */
    public String contentType() {
        return contentType;
    }

    /**
     * MQTT 5 response topic, or empty.
     *
     * @since 0.2
     */
    public String responseTopic() {
        return responseTopic;
    }

    /**
     * A copy of the MQTT 5 correlation data, or an empty array.
     *
     * @since 0.2
     */
    public byte[] correlationData() {
        return correlationData.clone();
    }

    /**
     * Where the message entered the platform when it did not come from an MQTT client: the
     * origin an integration gave when it published it into the broker (for loop protection),
     * else empty.
     *
     * @since 0.2
     */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "IntegrationMessage[topic=" + topic + ", qos=" + qos + ", clientId=" + clientId
                + ", bytes=" + payload.length + "]";
    }

    /** Builds messages (the platform does; tests and test kits may too). */
    public static final class Builder {
        private String topic;
        private byte[] payload;
        private int qos;
        private boolean retain;
        private String clientId;
        private List<UserProperty> userProperties = List.of();
        private long receivedAt = System.currentTimeMillis();
        private String brokerNodeId;
        private String eventType;
        private String contentType;
        private String responseTopic;
        private byte[] correlationData;
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

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder userProperties(List<UserProperty> userProperties) {
            this.userProperties = userProperties;
            return this;
        }

        public Builder receivedAt(long epochMillis) {
            this.receivedAt = epochMillis;
            return this;
        }

        public Builder brokerNodeId(String nodeId) {
            this.brokerNodeId = nodeId;
            return this;
        }

        /** @since 0.2 */
        public Builder eventType(String eventType) {
            this.eventType = eventType;
            return this;
        }

        /** @since 0.2 */
        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        /** @since 0.2 */
        public Builder responseTopic(String responseTopic) {
            this.responseTopic = responseTopic;
            return this;
        }

        /** Copied on {@link #build()}. @since 0.2 */
        public Builder correlationData(byte[] correlationData) {
            this.correlationData = correlationData;
            return this;
        }

        /** @since 0.2 */
        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        public IntegrationMessage build() {
            return new IntegrationMessage(this);
        }
    }
}
