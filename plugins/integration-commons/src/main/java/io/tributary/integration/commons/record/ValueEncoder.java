package io.tributary.integration.commons.record;

import io.tributary.plugin.api.message.IntegrationMessage;

/**
 * Turns a message into the bytes an integration sends (a record value, a request body).
 * Thread-safe.
 */
public interface ValueEncoder {
    byte[] encode(IntegrationMessage message);

    /** True when values are the JSON record (else the raw payload). */
    boolean isJson();

    /**
     * The encoder for an integration's {@code sendOnlyMsgPayload} setting: the payload as is, or
     * the JSON record of {@link JsonRecordEncoder}.
     */
    static ValueEncoder of(boolean sendOnlyMsgPayload, RecordContext context) {
        return sendOnlyMsgPayload ? RAW_PAYLOAD : new JsonRecordEncoder(context);
    }

    /** The payload exactly as published ({@code sendOnlyMsgPayload}). */
    ValueEncoder RAW_PAYLOAD = new ValueEncoder() {
        @Override
        public byte[] encode(IntegrationMessage message) {
            return message.payload(); // a fresh copy, safe to hand to a client that keeps it
        }

        @Override
        public boolean isJson() {
            return false;
        }
    };
}
