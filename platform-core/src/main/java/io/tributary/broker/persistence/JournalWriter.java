package io.tributary.broker.persistence;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.message.MessageCodec;
import io.tributary.broker.message.RecordBuffer;
import io.tributary.broker.retain.RetainedJournal;
import io.tributary.broker.session.Delivery;
import io.tributary.broker.session.SessionJournal;
import io.tributary.broker.session.Subscription;
import io.tributary.storage.log.SegmentLog;

/**
 * Encodes broker state changes as records of a {@link SegmentLog}: the live journal, and the
 * snapshots that compact it. The record format is read by {@link JournalReader}.
 */
class JournalWriter implements SessionJournal, RetainedJournal {
    static final byte SESSION = 1;
    static final byte END = 2;
    static final byte SUBSCRIBE = 3;
    static final byte UNSUBSCRIBE = 4;
    static final byte QUEUED = 5;
    static final byte SENT = 6;
    static final byte RELEASED = 7;
    static final byte DONE = 8;
    static final byte INBOUND = 9;
    static final byte RETAIN = 10;
    static final byte RETAIN_CLEAR = 11;
    /** Last record of a complete snapshot, with the number of records before it. */
    static final byte COMPLETE = 12;

    private static final ThreadLocal<RecordBuffer> BUFFERS = ThreadLocal.withInitial(() -> new RecordBuffer(512));

    private final SegmentLog log;

    JournalWriter(SegmentLog log) {
        this.log = log;
    }

    SegmentLog log() {
        return log;
    }

    /** Called after each record with its offset (the journal checks whether to compact). */
    protected void appended(long offset) {
    }

    private RecordBuffer start(byte type, String key) {
        RecordBuffer b = BUFFERS.get().reset();
        b.putByte(type);
        b.putString(key);
        return b;
    }

    private long append(RecordBuffer b) {
        long offset = write(b.array(), b.length());
        appended(offset);
        return offset;
    }

    /** Stores one record; returns its offset. The journal writes to its segment log. */
    protected long write(byte[] record, int length) {
        return log.append(record, 0, length);
    }

    @Override
    public long session(String clientId, long expirySeconds, long disconnectedAt) {
        RecordBuffer b = start(SESSION, clientId);
        b.putLong(expirySeconds);
        b.putLong(disconnectedAt);
        return append(b);
    }

    @Override
    public long end(String clientId) {
        return append(start(END, clientId));
    }

    @Override
    public long subscribe(Subscription s) {
        RecordBuffer b = start(SUBSCRIBE, s.clientId());
        b.putString(s.filter().raw());
        b.putByte(s.qos() | (s.noLocal() ? 4 : 0) | (s.retainAsPublished() ? 8 : 0) | (s.retainHandling() << 4));
        b.putVarInt(s.subscriptionId());
        return append(b);
    }

    @Override
    public long unsubscribe(String clientId, String rawFilter) {
        RecordBuffer b = start(UNSUBSCRIBE, clientId);
        b.putString(rawFilter);
        return append(b);
    }

    @Override
    public long queued(String clientId, long seq, Delivery d) {
        RecordBuffer b = start(QUEUED, clientId);
        b.putLong(seq);
        b.putByte(d.qos() | (d.retain() ? 4 : 0));
        b.putVarInt(d.subscriptionIds().length);
        for (int id : d.subscriptionIds()) {
            b.putVarInt(id);
        }
        MessageCodec.encode(d.message(), b);
        return append(b);
    }

    @Override
    public long sent(String clientId, long seq, int packetId) {
        RecordBuffer b = start(SENT, clientId);
        b.putLong(seq);
        b.putVarInt(packetId);
        return append(b);
    }

    @Override
    public long released(String clientId, long seq) {
        RecordBuffer b = start(RELEASED, clientId);
        b.putLong(seq);
        return append(b);
    }

    @Override
    public long done(String clientId, long seq) {
        RecordBuffer b = start(DONE, clientId);
        b.putLong(seq);
        return append(b);
    }

    @Override
    public long inbound(String clientId, int packetId, boolean awaitingRelease) {
        RecordBuffer b = start(INBOUND, clientId);
        b.putVarInt(packetId);
        b.putByte(awaitingRelease ? 1 : 0);
        return append(b);
    }

    @Override
    public long retained(String topic, BrokerMessage message) {
        if (message == null) {
            return append(start(RETAIN_CLEAR, topic));
        }
        RecordBuffer b = start(RETAIN, topic);
        MessageCodec.encode(message, b);
        return append(b);
    }

    long complete(long records) {
        RecordBuffer b = start(COMPLETE, "");
        b.putLong(records);
        return append(b);
    }
}
