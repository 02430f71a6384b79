package io.tributary.bench.load;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * The load generator's message body: publisher index (int), sequence number (long) and send
 * timestamp ({@link System#nanoTime()} of this JVM, long), big-endian, then filler up to the
 * payload size. Publishers and receivers (MQTT subscribers, the Kafka consumer) run in the same
 * JVM, so the timestamps compare without clock sync.
 */
public final class Payload {
    public static final int HEADER = 20;

    private Payload() {
    }

    public static byte[] make(int publisher, long seq, long stampNanos, int size) {
        byte[] b = new byte[Math.max(HEADER, size)];
        ByteBuffer bb = ByteBuffer.wrap(b);
        bb.putInt(publisher).putLong(seq).putLong(stampNanos);
        for (int i = HEADER; i < b.length; i++) {
            b[i] = (byte) ('a' + (i % 26)); // printable, so a JSON/base64 record stays realistic
        }
        return b;
    }

    /** Header of a payload buffer (position untouched); null when it is too short. */
    public static Header read(ByteBuffer payload) {
        if (payload.remaining() < HEADER) {
            return null;
        }
        int p = payload.position();
        return new Header(payload.getInt(p), payload.getLong(p + 4), payload.getLong(p + 12));
    }

    /**
     * Header from a Kafka record value: the Kafka plugin's JSON document, which starts with
     * {@code {"payload":"<base64>"}, or the raw payload ({@code sendOnlyMsgPayload}).
     */
    public static Header readRecordValue(byte[] value) {
        final byte[] prefix = "{\"payload\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (value.length > prefix.length + 28 && startsWith(value, prefix)) {
            // 28 base64 characters hold the 20-byte header (21 bytes decoded)
            byte[] head = Base64.getDecoder().decode(ByteBuffer.wrap(value, prefix.length, 28)).array();
            return read(ByteBuffer.wrap(head));
        }
        return read(ByteBuffer.wrap(value));
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    public record Header(int publisher, long seq, long stampNanos) {
    }
}
