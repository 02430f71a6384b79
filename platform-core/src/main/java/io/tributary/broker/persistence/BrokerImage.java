package io.tributary.broker.persistence;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.session.Delivery;
import io.tributary.broker.session.Session;
import io.tributary.broker.session.Subscription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Broker state read back from a snapshot and the journal: persistent sessions and retained
 * messages. Journal records are absolute assignments and removals, so applying a record that a
 * snapshot already holds changes nothing.
 */
public final class BrokerImage {
    private final Map<String, SessionImage> sessions = new LinkedHashMap<>();
    private final Map<String, BrokerMessage> retained = new LinkedHashMap<>();

    public Map<String, SessionImage> sessions() {
        return sessions;
    }

    public Map<String, BrokerMessage> retained() {
        return retained;
    }

    /** One persistent session as it was stored. */
    public static final class SessionImage {
        private final String clientId;
        long expirySeconds;
        long disconnectedAt;
        final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
        final TreeMap<Long, Session.StoredMessage> messages = new TreeMap<>();
        final Set<Integer> inbound = new LinkedHashSet<>();

        SessionImage(String clientId) {
            this.clientId = clientId;
        }

        public String clientId() {
            return clientId;
        }

        public long expirySeconds() {
            return expirySeconds;
        }

        /** When its client disconnected; 0 when one was connected at the time of the stop or crash. */
        public long disconnectedAt() {
            return disconnectedAt;
        }

        public List<Subscription> subscriptions() {
            return List.copyOf(subscriptions.values());
        }

        /** Its messages in sequence order. */
        public List<Session.StoredMessage> messages() {
            return new ArrayList<>(messages.values());
        }

        public Set<Integer> inbound() {
            return inbound;
        }
    }

    SessionImage session(String clientId) {
        return sessions.computeIfAbsent(clientId, SessionImage::new);
    }

    void end(String clientId) {
        sessions.remove(clientId);
    }

    void queued(String clientId, long seq, Delivery d) {
        session(clientId).messages.put(seq, new Session.StoredMessage(seq, d, 0, false));
    }

    void sent(String clientId, long seq, int packetId) {
        SessionImage s = sessions.get(clientId);
        Session.StoredMessage m = s == null ? null : s.messages.get(seq);
        if (m != null) {
            s.messages.put(seq, new Session.StoredMessage(seq, m.delivery(), packetId, m.released()));
        }
    }

    void released(String clientId, long seq) {
        SessionImage s = sessions.get(clientId);
        Session.StoredMessage m = s == null ? null : s.messages.get(seq);
        if (m != null) {
            s.messages.put(seq, new Session.StoredMessage(seq, m.delivery(), m.packetId(), true));
        }
    }

    void done(String clientId, long seq) {
        SessionImage s = sessions.get(clientId);
        if (s != null) {
            s.messages.remove(seq);
        }
    }
}
