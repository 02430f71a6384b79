package io.tributary.broker.forward;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.message.MessageCodec;
import io.tributary.broker.message.RecordBuffer;
import io.tributary.broker.session.Delivery;

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
 * ({@code $share/g/filter}) this node was chosen to serve, then the message. {@link #SESSION} and
 * {@link #DELIVERY}: a persistent session moving to the node, and messages for it relayed by the
 * node it left (docs/design/sessions-across-nodes.md).
 */
final class ForwardRecord {
    static final byte ALL = 1;
    static final byte CHOSEN = 2;
    /** A persistent session moving to the node: client id, then its image ({@code SessionImageCodec}). */
    static final byte SESSION = 3;
    /** A message for one client whose session moved to the node: client id, QoS, retain, subscription ids, message. */
    static final byte DELIVERY = 4;
    private static final int UNSHARED = 1;

    /**
     * A record read back.
     *
     * @param unshared deliver to the subscribers in no share group
     * @param groups   the share groups to serve, {@code null} for every one with a member here
     */
    record Forward(boolean unshared, Set<String> groups, BrokerMessage message) {
    }

    /** A kind {@link #SESSION} record read back. */
    record MovedSession(String clientId, byte[] image) {
    }

    /** A kind {@link #DELIVERY} record read back. */
    record MovedDelivery(String clientId, Delivery delivery) {
    }

    private ForwardRecord() {
    }

    static byte[] session(String clientId, byte[] image) {
        RecordBuffer buffer = new RecordBuffer(image.length + 8 + clientId.length() * 3);
        buffer.putByte(SESSION);
        buffer.putString(clientId);
        byte[] head = Arrays.copyOf(buffer.array(), buffer.length());
        byte[] record = Arrays.copyOf(head, head.length + image.length);
        System.arraycopy(image, 0, record, head.length, image.length);
        return record;
    }

    static byte[] delivery(String clientId, Delivery d) {
        RecordBuffer buffer = new RecordBuffer(96 + d.message().payload().length);
        buffer.putByte(DELIVERY);
        buffer.putString(clientId);
        buffer.putByte((byte) d.qos());
        buffer.putByte((byte) (d.retain() ? 1 : 0));
        buffer.putVarInt(d.subscriptionIds().length);
        for (int id : d.subscriptionIds()) {
            buffer.putVarInt(id);
        }
        MessageCodec.encode(d.message(), buffer);
        return Arrays.copyOf(buffer.array(), buffer.length());
    }

    /** The record's kind byte, 0 for an empty record. */
    static byte kind(byte[] record) {
        return record.length == 0 ? 0 : record[0];
    }

    static MovedSession decodeSession(byte[] record) {
        ByteBuffer in = ByteBuffer.wrap(record);
        in.get();
        String clientId = RecordBuffer.getString(in);
        byte[] image = new byte[in.remaining()];
        in.get(image);
        return new MovedSession(clientId, image);
    }

    static MovedDelivery decodeDelivery(byte[] record) {
        ByteBuffer in = ByteBuffer.wrap(record);
        in.get();
        String clientId = RecordBuffer.getString(in);
        int qos = in.get();
        boolean retain = in.get() != 0;
        int n = RecordBuffer.getVarInt(in);
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("Bad subscription id count " + n);
        }
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = RecordBuffer.getVarInt(in);
        }
        return new MovedDelivery(clientId, new Delivery(MessageCodec.decode(in), qos, retain, ids));
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
