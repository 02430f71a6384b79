package io.tributary.kafka.record;

import io.tributary.plugin.api.message.IntegrationMessage;

/** Turns a message into the bytes of a Kafka record value. Thread-safe. */
public interface ValueEncoder {
    byte[] encode(IntegrationMessage message);

    /** True when values are the seed's JSON document (else the raw payload). */
    boolean isJson();

    /** The payload exactly as published ({@code sendOnlyMsgPayload}). */
    ValueEncoder RAW_PAYLOAD = new ValueEncoder() {
        @Override
        public byte[] encode(IntegrationMessage message) {
            return message.payload(); // a fresh copy, safe to hand to the producer
        }

        @Override
        public boolean isJson() {
            return false;
        }
    };
}
