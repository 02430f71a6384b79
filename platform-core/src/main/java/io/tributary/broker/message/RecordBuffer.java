package io.tributary.broker.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array to encode records into, reused between records (call {@link #reset}),
 * plus the matching static readers for a {@link ByteBuffer}. Lengths are unsigned varints;
 * numbers are big-endian.
 */
public final class RecordBuffer {
    private byte[] bytes;
    private int length;

    public RecordBuffer(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    public RecordBuffer reset() {
        length = 0;
        return this;
    }

    public byte[] array() {
        return bytes;
    }

    public int length() {
        return length;
    }

    public void putByte(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    public void putInt(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[length++] = (byte) (v >>> shift);
        }
    }

    public void putLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[length++] = (byte) (v >>> shift);
        }
    }

    public void putVarInt(int v) {
        ensure(5);
        while ((v & ~0x7F) != 0) {
            bytes[length++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[length++] = (byte) v;
    }

    public void putBytes(byte[] b) {
        putVarInt(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
    }

    public void putString(String s) {
        putBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A string that may be {@code null}: length + 1, 0 for null. */
    public void putNullableString(String s) {
        putNullableBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    public void putNullableBytes(byte[] b) {
        if (b == null) {
            putVarInt(0);
            return;
        }
        putVarInt(b.length + 1);
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
    }

    private void ensure(int n) {
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
    }

    public static int getVarInt(ByteBuffer in) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = in.get();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("Malformed varint");
    }

    public static byte[] getBytes(ByteBuffer in) {
        int n = getVarInt(in);
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("Length " + n + " exceeds the record");
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    public static String getString(ByteBuffer in) {
        return new String(getBytes(in), StandardCharsets.UTF_8);
    }

    public static byte[] getNullableBytes(ByteBuffer in) {
        int n = getVarInt(in);
        if (n == 0) {
            return null;
        }
        if (n - 1 > in.remaining()) {
            throw new IllegalArgumentException("Length " + (n - 1) + " exceeds the record");
        }
        byte[] b = new byte[n - 1];
        in.get(b);
        return b;
    }

    public static String getNullableString(ByteBuffer in) {
        byte[] b = getNullableBytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
