package io.tributary.broker.persistence;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.message.MessageCodec;
import io.tributary.broker.message.RecordBuffer;
import io.tributary.broker.session.Delivery;
import io.tributary.broker.session.Subscription;
import io.tributary.broker.topic.Topics;
import io.tributary.storage.log.SegmentLog;

import java.io.IOException;
import java.nio.ByteBuffer;

import static io.tributary.broker.persistence.JournalWriter.*;

/** Applies the records written by {@link JournalWriter} to a {@link BrokerImage}. */
final class JournalReader {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JournalReader.class);
    private JournalReader() {
    }

    /**
     * Applies every record of {@code records} from {@code from} on.
     *
     * @return the record count of a COMPLETE record when one was read (snapshots), else -1
     */
    static long replay(SegmentLog records, long from, BrokerImage image) throws IOException {
        SegmentLog.Reader reader = records.reader(from);
        long[] complete = {-1};
        long[] count = {0};
        long[] unreadable = {0};
        while (reader.next((offset, payload) -> {
            try {
                if (apply(payload, image, count[0])) {
                    complete[0] = count[0];
                }
            } catch (RuntimeException e) {
                if (unreadable[0]++ == 0) {
                    log.error("Broker journal: record at offset {} cannot be read: {}", offset, e.toString());
                }
            }
            count[0]++;
            return Boolean.TRUE;
        }) != null) {
            // every record applied
        }
        if (unreadable[0] > 1) {
            log.error("Broker journal: {} records could not be read and were passed over", unreadable[0]);
        }
        return complete[0];
    }

    /** @return true for a COMPLETE record whose count matches {@code recordsBefore} */
    static boolean apply(ByteBuffer in, BrokerImage image, long recordsBefore) {
        byte type = in.get();
        String key = RecordBuffer.getString(in);
        switch (type) {
            case SESSION -> {
                BrokerImage.SessionImage s = image.session(key);
                s.expirySeconds = in.getLong();
                s.disconnectedAt = in.getLong();
            }
            case END -> image.end(key);
            case SUBSCRIBE -> {
                String raw = RecordBuffer.getString(in);
                int flags = in.get() & 0xFF;
                int id = RecordBuffer.getVarInt(in);
                Topics.ParsedFilter filter = Topics.parseFilter(raw);
                if (filter != null) {
                    image.session(key).subscriptions.put(raw, new Subscription(key, filter, flags & 3,
                            (flags & 4) != 0, (flags & 8) != 0, flags >> 4, id));
                }
            }
            case UNSUBSCRIBE -> {
                BrokerImage.SessionImage s = image.sessions().get(key);
                if (s != null) {
                    s.subscriptions.remove(RecordBuffer.getString(in));
                }
            }
            case QUEUED -> {
                long seq = in.getLong();
                int flags = in.get();
                int[] ids = new int[RecordBuffer.getVarInt(in)];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = RecordBuffer.getVarInt(in);
                }
                BrokerMessage m = MessageCodec.decode(in);
                image.queued(key, seq, new Delivery(m, flags & 3, (flags & 4) != 0, ids));
            }
            case SENT -> {
                long seq = in.getLong();
                image.sent(key, seq, RecordBuffer.getVarInt(in));
            }
            case RELEASED -> image.released(key, in.getLong());
            case DONE -> image.done(key, in.getLong());
            case INBOUND -> {
                int packetId = RecordBuffer.getVarInt(in);
                boolean awaiting = in.get() != 0;
                BrokerImage.SessionImage s = awaiting ? image.session(key) : image.sessions().get(key);
                if (s != null) {
                    if (awaiting) {
                        s.inbound.add(packetId);
                    } else {
                        s.inbound.remove(packetId);
                    }
                }
            }
            case RETAIN -> image.retained().put(key, MessageCodec.decode(in));
            case RETAIN_CLEAR -> image.retained().remove(key);
            case COMPLETE -> {
                return in.getLong() == recordsBefore;
            }
            default -> throw new IllegalArgumentException("Unknown journal record type " + type);
        }
        return false;
    }
}
