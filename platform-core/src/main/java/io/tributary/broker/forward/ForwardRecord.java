package io.tributary.broker.forward;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.message.MessageCodec;
import io.tributary.broker.message.RecordBuffer;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The records of a node's log. {@link #ALL}: one kind byte, then the message in its
 * {@link MessageCodec} form; the node delivers it to every local subscriber, one member per share
 * group (the format before share groups spanned nodes). {@link #CHOSEN}: kind byte, a flags byte
 * (bit 0: deliver to the subscribers in no share group), the count and names of the share groups
 * ({@code $share/g/filter}) this node was chosen to serve, then the message.
 */
final class ForwardRecord {
    static final byte ALL = 1;
    static final byte CHOSEN = 2;
    private static final int UNSHARED = 1;

    /**
     * A record read back.
     *
     * @param unshared deliver to the subscribers in no share group
     * @param groups   the share groups to serve, {@code null} for every one with a member here
     */
    record Forward(boolean unshared, Set<String> groups, BrokerMessage message) {
    }

    private ForwardRecord() {
    }

    /** The message's bytes, encoded once for all the nodes it goes to. */
    static byte[] message(BrokerMessage message) {
        RecordBuffer buffer = new RecordBuffer(64 + message.payload().length);
        MessageCodec.encode(message, buffer);
        return Arrays.copyOf(buffer.array(), buffer.length());
    }

    static byte[] all(byte[] message) {
        byte[] record = new byte[message.length + 1];
        record[0] = ALL;
        System.arraycopy(message, 0, record, 1, message.length);
        return record;
    }

    static byte[] chosen(boolean unshared, Collection<String> groups, byte[] message) {
        RecordBuffer buffer = new RecordBuffer(message.length + 16 + 32 * groups.size());
        buffer.putByte(CHOSEN);
        buffer.putByte(unshared ? UNSHARED : 0);
        buffer.putVarInt(groups.size());
        for (String g : groups) {
            buffer.putString(g);
        }
        byte[] head = Arrays.copyOf(buffer.array(), buffer.length());
        byte[] record = Arrays.copyOf(head, head.length + message.length);
        System.arraycopy(message, 0, record, head.length, message.length);
        return record;
    }

    /**
     * @return the record, or {@code null} for a kind a newer version writes
     * @throws IllegalArgumentException or another runtime exception when it is unreadable
     */
    static Forward decode(byte[] record) {
        ByteBuffer in = ByteBuffer.wrap(record);
        if (!in.hasRemaining()) {
            return null;
        }
        byte kind = in.get();
        if (kind == ALL) {
            return new Forward(true, null, MessageCodec.decode(in));
        }
        if (kind != CHOSEN) {
            return null;
        }
        boolean unshared = (in.get() & UNSHARED) != 0;
        int n = RecordBuffer.getVarInt(in);
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("Bad share group count " + n);
        }
        Set<String> groups = new HashSet<>(n * 2);
        for (int i = 0; i < n; i++) {
            groups.add(RecordBuffer.getString(in));
        }
        return new Forward(unshared, groups, MessageCodec.decode(in));
    }
}
