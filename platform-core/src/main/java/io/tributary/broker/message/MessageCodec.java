package io.tributary.broker.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The binary form of a {@link BrokerMessage} in logs and journals: a version byte, flags, then
 * the fields that are present. Compact (no field names) and versioned so a newer Tributary can
 * read what an older one wrote.
 */
public final class MessageCodec {
    private static final byte VERSION = 1;
    /**
     * Version 1 plus, when {@link #HAS_EVENT_TYPE} is set, the event type after the topic and, when
     * {@link #HAS_ORIGIN} is set, the origin after everything else.
     */
    private static final byte VERSION_2 = 2;
    private static final int RETAIN = 1 << 2;
    private static final int HAS_PUBLISHER = 1 << 3;
    private static final int HAS_EXPIRY = 1 << 4;
    private static final int HAS_PROPERTIES = 1 << 5;
    private static final int HAS_EVENT_TYPE = 1 << 6;
    /** An origin string follows everything else (messages integrations published). */
    private static final int HAS_ORIGIN = 1 << 7;

    private MessageCodec() {
    }

    /** Appends {@code m} to {@code out}. */
    public static void encode(BrokerMessage m, RecordBuffer out) {
        BrokerMessage.ForwardedProperties p = m.properties();
        boolean props = p != null && p != BrokerMessage.ForwardedProperties.NONE;
        int flags = m.qos() | (m.retain() ? RETAIN : 0) | (m.publisherId() != null ? HAS_PUBLISHER : 0)
                | (m.expiresAt() > 0 ? HAS_EXPIRY : 0) | (props ? HAS_PROPERTIES : 0)
                | (m.isClientEvent() ? HAS_EVENT_TYPE : 0) | (m.origin() != null ? HAS_ORIGIN : 0);
        out.putByte(m.isClientEvent() || m.origin() != null ? VERSION_2 : VERSION);
        out.putByte(flags);
        out.putString(m.topic());
        if (m.isClientEvent()) {
            out.putString(m.eventType());
        }
        if (m.publisherId() != null) {
            out.putString(m.publisherId());
        }
        out.putLong(m.receivedAt());
        if (m.expiresAt() > 0) {
            out.putLong(m.expiresAt());
        }
        out.putBytes(m.payload());
        if (props) {
            out.putByte(p.payloadFormatUtf8() == null ? 0 : p.payloadFormatUtf8() ? 2 : 1);
            out.putNullableString(p.contentType());
            out.putNullableString(p.responseTopic());
            out.putNullableBytes(p.correlationData());
            List<Map.Entry<String, String>> user = p.userProperties();
            out.putVarInt(user.size());
            for (Map.Entry<String, String> e : user) {
                out.putString(e.getKey());
                out.putString(e.getValue());
            }
        }
        if (m.origin() != null) {
            out.putString(m.origin());
        }
    }

    /** Reads a message written by {@link #encode}; the buffer's position moves past it. */
    public static BrokerMessage decode(ByteBuffer in) {
        byte version = in.get();
        if (version != VERSION && version != VERSION_2) {
            throw new IllegalArgumentException("Unknown message format version " + version);
        }
        int flags = in.get();
        String topic = RecordBuffer.getString(in);
        String eventType = version == VERSION_2 && (flags & HAS_EVENT_TYPE) != 0 ? RecordBuffer.getString(in)
                : null;
        String publisher = (flags & HAS_PUBLISHER) != 0 ? RecordBuffer.getString(in) : null;
        long receivedAt = in.getLong();
        long expiresAt = (flags & HAS_EXPIRY) != 0 ? in.getLong() : 0;
        byte[] payload = RecordBuffer.getBytes(in);
        BrokerMessage.ForwardedProperties props = BrokerMessage.ForwardedProperties.NONE;
        if ((flags & HAS_PROPERTIES) != 0) {
            byte format = in.get();
            String contentType = RecordBuffer.getNullableString(in);
            String responseTopic = RecordBuffer.getNullableString(in);
            byte[] correlation = RecordBuffer.getNullableBytes(in);
            int n = RecordBuffer.getVarInt(in);
            List<Map.Entry<String, String>> user = n == 0 ? List.of() : new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                user.add(Map.entry(RecordBuffer.getString(in), RecordBuffer.getString(in)));
            }
            props = new BrokerMessage.ForwardedProperties(format == 0 ? null : format == 2, contentType,
                    responseTopic, correlation, user);
        }
        String origin = version == VERSION_2 && (flags & HAS_ORIGIN) != 0 ? RecordBuffer.getString(in) : null;
        return new BrokerMessage(topic, payload, flags & 3, (flags & RETAIN) != 0, publisher, receivedAt, expiresAt,
                props, eventType, origin);
    }
}
