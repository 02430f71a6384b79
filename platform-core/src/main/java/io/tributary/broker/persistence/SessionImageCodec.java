package io.tributary.broker.persistence;

import io.tributary.broker.session.Session;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * One persistent session as bytes and back: its subscriptions, queued and in-flight messages
 * (with their packet ids and QoS 2 release state) and its inbound QoS 2 packet ids, in the
 * journal's own record form, so that a session has one encoding whether it goes to disk or to
 * another node (the planned handover between broker nodes, docs/design/sessions-across-nodes.md).
 *
 * <p>Format: the journal records {@link Session#writeImage} writes, each preceded by its length
 * as a 4-byte big-endian int.
 */
public final class SessionImageCodec {
    private SessionImageCodec() {
    }

    /** The whole session as it is now (taken under the session's lock). */
    public static byte[] encode(Session session) {
        return encode(session, true);
    }

    /** The session's expiry and subscriptions only (what another node resumes it from when its node is down). */
    public static byte[] encodeSubscriptions(Session session) {
        return encode(session, false);
    }

    private static byte[] encode(Session session, boolean messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        JournalWriter writer = new JournalWriter(null) {
            private long records;

            @Override
            protected long write(byte[] record, int length) {
                out.write(length >>> 24);
                out.write(length >>> 16);
                out.write(length >>> 8);
                out.write(length);
                out.write(record, 0, length);
                return records++;
            }
        };
        if (messages) {
            session.writeImage(writer);
        } else {
            session.writeSubscriptions(writer);
        }
        return out.toByteArray();
    }

    /**
     * @return the session {@code bytes} hold
     * @throws IllegalArgumentException when they are not one session's records
     */
    public static BrokerImage.SessionImage decode(byte[] bytes) {
        BrokerImage image = new BrokerImage();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            while (in.hasRemaining()) {
                int length = in.getInt();
                if (length < 1 || length > in.remaining()) {
                    throw new IllegalArgumentException("session image: record of " + length + " bytes, "
                            + in.remaining() + " left");
                }
                ByteBuffer record = in.slice(in.position(), length);
                in.position(in.position() + length);
                JournalReader.apply(record, image, -1);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("session image: truncated", e);
        }
        if (image.sessions().size() != 1) {
            throw new IllegalArgumentException("session image: " + image.sessions().size() + " sessions, expected 1");
        }
        return image.sessions().values().iterator().next();
    }
}
