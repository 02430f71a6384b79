package io.tributary.broker.session;

/**
 * Where a persistent session writes down each change of its state, so that it can be rebuilt
 * after a restart or a crash. Every call is an absolute assignment or removal (replaying a
 * prefix twice gives the same state) and returns the journal offset of the change, or -1 when
 * nothing was written. Called under the session's lock, so the changes of one session are
 * written in the order they happened.
 */
public interface SessionJournal {
    /** Writes nothing: sessions that end with their connection, or persistence turned off. */
    SessionJournal NONE = new SessionJournal() {
        @Override
        public long session(String clientId, long expirySeconds, long disconnectedAt) {
            return -1;
        }

        @Override
        public long end(String clientId) {
            return -1;
        }

        @Override
        public long subscribe(Subscription subscription) {
            return -1;
        }

        @Override
        public long unsubscribe(String clientId, String rawFilter) {
            return -1;
        }

        @Override
        public long queued(String clientId, long seq, Delivery delivery) {
            return -1;
        }

        @Override
        public long sent(String clientId, long seq, int packetId) {
            return -1;
        }

        @Override
        public long released(String clientId, long seq) {
            return -1;
        }

        @Override
        public long done(String clientId, long seq) {
            return -1;
        }

        @Override
        public long inbound(String clientId, int packetId, boolean awaitingRelease) {
            return -1;
        }
    };

    /** The session exists with this expiry; {@code disconnectedAt} is 0 while a client is connected. */
    long session(String clientId, long expirySeconds, long disconnectedAt);

    /** The session and everything in it are gone. */
    long end(String clientId);

    long subscribe(Subscription subscription);

    long unsubscribe(String clientId, String rawFilter);

    /** A QoS 1/2 message for the client, number {@code seq} of the session, waits or is about to be sent. */
    long queued(String clientId, long seq, Delivery delivery);

    /** Message {@code seq} went out with {@code packetId} (re-sent with it after a reconnect). */
    long sent(String clientId, long seq, int packetId);

    /** QoS 2 message {@code seq} got its PUBREC: PUBREL is what is re-sent. */
    long released(String clientId, long seq);

    /** Message {@code seq} is acknowledged, expired or dropped. */
    long done(String clientId, long seq);

    /** An incoming QoS 2 packet id awaits PUBREL ({@code true}), or was released ({@code false}). */
    long inbound(String clientId, int packetId, boolean awaitingRelease);
}
