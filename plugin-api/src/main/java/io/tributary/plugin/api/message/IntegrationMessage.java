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
    }

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

        public IntegrationMessage build() {
            return new IntegrationMessage(this);
        }
    }
}
