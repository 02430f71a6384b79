package io.tributary.broker.session;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.metrics.BrokerMetrics;
import io.tributary.broker.metrics.BrokerMetrics.Drop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * State the broker keeps for a client id: subscriptions, QoS 1/2 messages in flight to it,
 * messages queued while it is offline or its in-flight window is full, and the packet ids of
 * QoS 2 publishes it sent us that await PUBREL. All mutation happens under the session's lock.
 *
 * <p>A persistent session (expiry above 0, persistence on) writes each change to its
 * {@link SessionJournal} under that lock; the methods that change state return the journal
 * offset of the change (-1 when none), so a publisher is acknowledged only once the message is
 * stored for every persistent subscriber.
 *
 * <p>A full queue (see {@link #offer(Delivery)}): while no client is connected, messages queue up
 * to {@code maxQueued} and beyond that the <em>newest</em> is dropped, so the client finds the
 * start of what it missed; while a client is connected but does not acknowledge as fast as
 * messages come, at most {@code maxQueuedOnline} wait behind its in-flight window and beyond that
 * the <em>oldest</em> waiting one is dropped. A burst drains; a queue that has not emptied for
 * {@value #STANDING_NANOS} ns while its head waited longer than {@code targetNanos} is a standing
 * one (the client cannot keep up), and from then until a second passes without one, waiting
 * messages older than that target are dropped, oldest first: a live subscriber that cannot keep up gets recent
 * messages instead of ever older ones. Messages still queued from the offline time are not
 * displaced by live ones. Every drop goes through
 * {@link #dropped(boolean)}: counted, and logged at most once per {@value #DROP_LOG_INTERVAL_MS} ms.
 */
public final class Session {
    /** {@link #inboundQos2} of a packet id already awaiting PUBREL. */
    public static final long DUPLICATE = -2;
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final long DROP_LOG_INTERVAL_MS = 10_000;
    /** How long a connected client's queue must stay non-empty, its head older than the target, to count as standing. */
    static final long STANDING_NANOS = 1_000_000_000L;

    private final String clientId;
    private final int maxQueued;
    private final BrokerMetrics metrics;
    private final int maxQueuedOnline;
    /** Longest wait behind the in-flight window of a client that cannot keep up; 0: no such limit. */
    private final long targetNanos;
    /** When the head of the live queue was first seen older than the target (0: not, or the queue emptied since). */
    private long aboveSince;
    /** The live queue is standing: messages older than the target are dropped (until a second passes without). */
    private boolean trimming;
    /** When trimming last dropped a message. */
    private long lastTrim;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final LinkedHashMap<Integer, Inflight> inflight = new LinkedHashMap<>();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    /** How many messages at the head of {@link #queue} were queued while no client was connected. */
    private int backlog;
    private final Set<Integer> inboundQos2 = new HashSet<>();
    private SessionJournal journal = SessionJournal.NONE;
    private Outbound outbound;
    private int nextPacketId = 1;
    private long nextSeq = 1;
    private long expirySeconds;
    private long disconnectedAt;
    private long dropped;
    private long lastDropLog;
    /** The core's owner key of the last connection's user; {@code null} when not known (restored). */
    private volatile String owner;
    /** Checks each topic before delivery when an ACL granted a subscription only per topic; else {@code null}. */
    private volatile Predicate<String> receiveGuard;
    /** Set once the session moved to another node: deliveries go there (see {@link #moveOut}). */
    private Relay relay;
    /** Messages offered since the session arrived from another node, while copies may come two ways; else {@code null}. */
    private Set<MessageKey> arrivalWindow;
    /** The most messages remembered for that (the latest). */
    private static final int ARRIVAL_WINDOW_KEYS = 1000;
    private long arrivalWindowEnds;
    /** Bumped on each subscribe or unsubscribe (the cluster's copy of the subscriptions is rewritten on change). */
    private int subscriptionVersion;

    /** A session whose queue bound is the same whether a client is connected or not. */
    public Session(String clientId, int maxQueued) {
        this(clientId, maxQueued, maxQueued, 0, BrokerMetrics.NONE);
    }

    /**
     * @param maxQueued       messages queued while no client is connected; beyond, the newest is dropped
     * @param maxQueuedOnline messages waiting behind the in-flight window of a connected client;
     *                        beyond, the oldest waiting one is dropped
     * @param targetMillis    once that queue is standing, messages waiting longer are dropped (0: never)
     * @param metrics         where messages this session drops are counted
     */
    public Session(String clientId, int maxQueued, int maxQueuedOnline, int targetMillis, BrokerMetrics metrics) {
        this.clientId = clientId;
        this.maxQueued = maxQueued;
        this.maxQueuedOnline = maxQueuedOnline;
        this.targetNanos = targetMillis * 1_000_000L;
        this.metrics = metrics;
    }

    public String clientId() {
        return clientId;
    }

    public String owner() {
        return owner;
    }

    public void owner(String key) {
        this.owner = key;
    }

    /** @param guard per-topic delivery check (ACL), or {@code null} for none */
    public void receiveGuard(Predicate<String> guard) {
        this.receiveGuard = guard;
    }

    public boolean hasReceiveGuard() {
        return receiveGuard != null;
    }

    /** False when the ACL forbids delivering messages on {@code topic} to this session. */
    public boolean mayReceive(String topic) {
        Predicate<String> g = receiveGuard;
        return g == null || g.test(topic);
    }

    /** Read-only view for routing; change subscriptions through the router. */
    public Map<String, Subscription> subscriptions() {
        return subscriptions;
    }

    public synchronized long expirySeconds() {
        return expirySeconds;
    }

    public synchronized void expirySeconds(long seconds) {
        this.expirySeconds = seconds;
    }

    public synchronized boolean online() {
        return outbound != null;
    }

    /** True when the session writes its changes to a journal. */
    public synchronized boolean journaled() {
        return journal != SessionJournal.NONE;
    }

    /**
     * Starts or stops writing this session to {@code target}, and records its expiry and whether
     * a client is connected. Switching on writes the whole session; switching off ends it there.
     *
     * @param target         the journal, or {@link SessionJournal#NONE} for a session that ends with its connection
     * @param disconnectedAt 0 while a client is connected, else when it disconnected
     * @return the journal offset of the last change written, or -1
     */
    public synchronized long journalTo(SessionJournal target, long disconnectedAt) {
        this.disconnectedAt = disconnectedAt;
        if (target == SessionJournal.NONE) {
            long mark = journal.end(clientId);
            journal = SessionJournal.NONE;
            return mark;
        }
        if (journal == SessionJournal.NONE) {
            journal = target;
            return writeImage(target);
        }
        return journal.session(clientId, expirySeconds, disconnectedAt);
    }

    /**
     * Writes the whole session to {@code target} (a journal being switched on, or a snapshot).
     *
     * @return offset of the last record written
     */
    public synchronized long writeImage(SessionJournal target) {
        long mark = target.session(clientId, expirySeconds, disconnectedAt);
        for (Subscription s : subscriptions.values()) {
            mark = Math.max(mark, target.subscribe(s));
        }
        for (Map.Entry<Integer, Inflight> e : inflight.entrySet()) {
            Inflight f = e.getValue();
            target.queued(clientId, f.seq, f.delivery);
            mark = Math.max(mark, target.sent(clientId, f.seq, e.getKey()));
            if (f.awaitingPubcomp) {
                mark = Math.max(mark, target.released(clientId, f.seq));
            }
        }
        for (Queued q : queue) {
            mark = Math.max(mark, target.queued(clientId, q.seq, q.delivery));
        }
        for (int id : inboundQos2) {
            mark = Math.max(mark, target.inbound(clientId, id, true));
        }
        return mark;
    }

    /** Writes the session without its messages: its expiry and subscriptions (the cluster's copy). */
    public synchronized long writeSubscriptions(SessionJournal target) {
        long mark = target.session(clientId, expirySeconds, disconnectedAt);
        for (Subscription s : subscriptions.values()) {
            mark = Math.max(mark, target.subscribe(s));
        }
        return mark;
    }

    /**
     * Rebuilds state read back from a journal: messages in sequence order, those with a packet id
     * in flight (re-sent with it when the client reconnects), the others queued.
     */
    public synchronized void restore(List<StoredMessage> messages, Collection<Integer> inboundIds, SessionJournal j) {
        for (StoredMessage m : messages) {
            if (m.packetId() > 0) {
                Inflight f = new Inflight(m.seq(), m.delivery());
                f.awaitingPubcomp = m.released();
                inflight.put(m.packetId(), f);
                nextPacketId = Math.max(nextPacketId, m.packetId() % 65535 + 1);
            } else {
                queue.add(new Queued(m.seq(), m.delivery(), 0));
            }
            nextSeq = Math.max(nextSeq, m.seq() + 1);
        }
        inboundQos2.addAll(inboundIds);
        backlog = queue.size();
        journal = j;
    }

    /**
     * A message of a restored session.
     *
     * @param seq      its number in the session
     * @param delivery what is sent
     * @param packetId the packet id it was sent with, 0 when it was not sent yet
     * @param released a QoS 2 message whose PUBREC arrived (PUBREL is what is re-sent)
     */
    public record StoredMessage(long seq, Delivery delivery, int packetId, boolean released) {
    }

    /**
     * Where deliveries to a session that moved to another node go while publishers may still
     * route to this node (its subscriptions stay here for a short window).
     */
    public interface Relay {
        /** @return completes when the other node has the delivery stored */
        java.util.concurrent.CompletableFuture<Void> relay(Delivery d);
    }

    /**
     * The session moves to another node: {@code ship} gets the session as it is now (taken under
     * this lock) and sends it, and from then on every delivery goes to {@code relay}, so none
     * slips in between the image and the relay. What was queued and in flight is forgotten here
     * (it travels in the image) and nothing more is written to the journal; ending the session
     * there is the caller's, once the other node has it.
     *
     * @return what {@code ship} returned
     */
    public synchronized <T> T moveOut(java.util.function.Function<Session, T> ship, Relay relay) {
        T shipped = ship.apply(this);
        this.relay = relay;
        inflight.clear();
        queue.clear();
        backlog = 0;
        inboundQos2.clear();
        journal = SessionJournal.NONE;
        return shipped;
    }

    /**
     * The session just arrived from another node, which relays for {@code millis} what publishers
     * still route there: a message that reaches it both ways in that window is delivered once.
     */
    public synchronized void arrived(long millis) {
        long ends = System.nanoTime() + millis * 1_000_000L;
        if (arrivalWindow == null) {
            arrivalWindow = new java.util.LinkedHashSet<>();
            arrivalWindowEnds = ends;
        } else if (ends - arrivalWindowEnds > 0) {
            arrivalWindowEnds = ends; // a second copy of the session is merged: the window goes on
        }
    }

    /** A message is the same when publisher, time of receipt, topic and payload are. */
    private record MessageKey(String publisherId, long receivedAt, String topic, int payloadHash) {
    }

    private boolean firstCopy(Delivery d) {
        if (System.nanoTime() - arrivalWindowEnds > 0) {
            arrivalWindow = null;
            return true;
        }
        BrokerMessage m = d.message();
        if (!arrivalWindow.add(new MessageKey(m.publisherId(), m.receivedAt(), m.topic(),
                java.util.Arrays.hashCode(m.payload())))) {
            return false;
        }
        if (arrivalWindow.size() > ARRIVAL_WINDOW_KEYS) {
            java.util.Iterator<MessageKey> oldest = arrivalWindow.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** True once the session moved to another node (it only relays until it is discarded). */
    public synchronized boolean moved() {
        return relay != null;
    }

    /** Changes with every subscribe and unsubscribe. */
    public synchronized int subscriptionVersion() {
        return subscriptionVersion;
    }

    /** When its client disconnected (epoch ms); 0 while connected or when not recorded. */
    public synchronized long disconnectedAt() {
        return disconnectedAt;
    }

    /** QoS 1/2 messages dropped because the session's queue was full (oldest or newest, see the class comment). */
    public synchronized long droppedCount() {
        return dropped;
    }

    public synchronized int queuedCount() {
        return queue.size();
    }

    public synchronized int inflightCount() {
        return inflight.size();
    }

    /** Binds the session to a new connection, re-sends what was in flight, then drains the queue. */
    public synchronized void attach(Outbound out) {
        this.outbound = out;
        for (Map.Entry<Integer, Inflight> e : new ArrayList<>(inflight.entrySet())) {
            Inflight f = e.getValue();
            if (f.awaitingPubcomp) {
                out.sendPubrel(e.getKey());
            } else if (!out.sendPublish(e.getKey(), f.delivery, true)) {
                inflight.remove(e.getKey());
                journal.done(clientId, f.seq);
            }
        }
        drain();
    }

    /** Unbinds the connection if it is still the session's current one. */
    public synchronized void detach(Outbound out) {
        if (this.outbound == out) {
            this.outbound = null;
            backlog = queue.size(); // from now on what waits is the offline backlog
        }
    }

    /** Adds or replaces a subscription (the router keeps its trie in step). */
    public synchronized Subscription putSubscription(Subscription s) {
        Subscription previous = subscriptions.put(s.filter().raw(), s);
        subscriptionVersion++;
        journal.subscribe(s);
        return previous;
    }

    /** Removes a subscription; returns it, or {@code null}. */
    public synchronized Subscription removeSubscription(String rawFilter) {
        Subscription s = subscriptions.remove(rawFilter);
        if (s != null) {
            subscriptionVersion++;
            journal.unsubscribe(clientId, rawFilter);
        }
        return s;
    }

    /**
     * Hands a message to the subscriber now, or queues it (QoS 1/2) when it cannot take it yet.
     *
     * @return the journal offset holding it, or -1 when it was not written to a journal
     */
    public synchronized long offer(Delivery d) {
        if (relay != null) {
            Relayed.note(relay.relay(d));
            return -1;
        }
        if (arrivalWindow != null && !firstCopy(d)) {
            return -1;
        }
        if (d.message().expired(System.currentTimeMillis())) {
            metrics.dropped(Drop.EXPIRED);
            return -1;
        }
        if (d.qos() == 0) {
            if (outbound != null) {
                outbound.sendPublish(0, d, false);
            }
            return -1;
        }
        if (outbound != null && queue.isEmpty() && inflight.size() < outbound.inflightLimit()) {
            long seq = nextSeq++;
            long mark = journal.queued(clientId, seq, d);
            if (!send(seq, d)) {
                queue.add(new Queued(seq, d, System.nanoTime()));
            }
            return mark;
        }
        if (outbound != null && backlog == 0) {
            // a connected client that falls behind: the oldest waiting message makes room
            if (targetNanos > 0) {
                trimStanding();
            }
            if (queue.size() >= maxQueuedOnline) {
                Queued oldest = queue.pollFirst();
                journal.done(clientId, oldest.seq);
                dropped(true);
            }
        } else if (queue.size() >= maxQueued) {
            dropped(false); // offline (or still sending the offline backlog): the newest is not queued
            return -1;
        } else if (outbound == null) {
            backlog++;
        }
        long seq = nextSeq++;
        queue.add(new Queued(seq, d, targetNanos > 0 ? System.nanoTime() : 0));
        return journal.queued(clientId, seq, d);
    }

    /** Drops waiting messages older than the target once the live queue is standing (see the class comment). */
    private void trimStanding() {
        Queued head = queue.peekFirst();
        if (head == null) {
            return;
        }
        long now = System.nanoTime();
        if (trimming && now - lastTrim >= STANDING_NANOS) {
            trimming = false; // a second without a message older than the target: caught up
            aboveSince = 0;
        }
        if (!trimming) {
            if (now - head.at <= targetNanos) {
                return;
            }
            if (aboveSince == 0) {
                aboveSince = now;
                return;
            }
            if (now - aboveSince < STANDING_NANOS) {
                return;
            }
            trimming = true;
            lastTrim = now;
        }
        while (head != null && now - head.at > targetNanos) {
            queue.pollFirst();
            journal.done(clientId, head.seq);
            dropped(true);
            lastTrim = now;
            head = queue.peekFirst();
        }
    }

    /** The queue emptied: what waited so far was no standing queue (trimming, once on, ends on its own). */
    private void queueEmptied() {
        aboveSince = 0;
    }

    /**
     * The one place a message dropped for a full queue is counted (and where a metric goes):
     * a counter under the session's lock, and a log line at most every
     * {@value #DROP_LOG_INTERVAL_MS} ms per session, never one per message.
     *
     * @param oldest true when the oldest waiting message made room for a new one (client
     *               connected), false when the new message was not queued (offline backlog full)
     */
    private void dropped(boolean oldest) {
        dropped++;
        // a connected client that does not keep up loses its oldest; a full offline queue, the newest
        metrics.dropped(oldest ? Drop.SLOW_SUBSCRIBER : Drop.QUEUE_FULL);
        long now = System.currentTimeMillis();
        if (now - lastDropLog >= DROP_LOG_INTERVAL_MS) {
            lastDropLog = now;
            if (oldest) {
                log.warn("Session {} does not keep up: the oldest messages waiting behind its in-flight window "
                        + "are dropped (session.max-queued-messages-online {}, session.online-queue-target-ms {}); "
                        + "{} dropped so far", clientId, maxQueuedOnline, targetNanos / 1_000_000, dropped);
            } else {
                log.warn("Session {} queue is full ({} messages): new messages are dropped "
                        + "(session.max-queued-messages); {} dropped so far", clientId, maxQueued, dropped);
            }
        }
    }

    /**
     * Offers the delivery {@code reader} makes, if it makes one, running {@code reader} under the
     * session's lock: between what it reads and the offer no other offer to this session can slip
     * in (a retained message read from the store goes out before any newer one routed live).
     *
     * @return as {@link #offer(Delivery)}, -1 when {@code reader} made nothing
     */
    public synchronized long offer(Supplier<Delivery> reader) {
        Delivery d = reader.get();
        return d == null ? -1 : offer(d);
    }

    /** PUBACK from the client. */
    public synchronized void puback(int packetId) {
        Inflight f = inflight.get(packetId);
        if (f != null && f.delivery.qos() == 1) {
            inflight.remove(packetId);
            journal.done(clientId, f.seq);
            drain();
        }
    }

    /**
     * PUBREC from the client.
     *
     * @param failed the client answered with an error reason code: the exchange ends here
     * @return false when no QoS 2 message with that id is in flight
     */
    public synchronized boolean pubrec(int packetId, boolean failed) {
        Inflight f = inflight.get(packetId);
        if (f == null || f.delivery.qos() != 2) {
            return false;
        }
        if (failed) {
            inflight.remove(packetId);
            journal.done(clientId, f.seq);
            drain();
            return true;
        }
        if (!f.awaitingPubcomp) {
            f.awaitingPubcomp = true;
            journal.released(clientId, f.seq);
        }
        if (outbound != null) {
            outbound.sendPubrel(packetId);
        }
        return true;
    }

    /** PUBCOMP from the client. */
    public synchronized void pubcomp(int packetId) {
        Inflight f = inflight.get(packetId);
        if (f != null && f.awaitingPubcomp) {
            inflight.remove(packetId);
            journal.done(clientId, f.seq);
            drain();
        }
    }

    /**
     * Records an incoming QoS 2 PUBLISH.
     *
     * @return {@link #DUPLICATE} for a re-sent packet id that already awaits PUBREL (do not deliver
     * it again); else the journal offset of the record (-1 when not journaled)
     */
    public synchronized long inboundQos2(int packetId) {
        if (!inboundQos2.add(packetId)) {
            return DUPLICATE;
        }
        return journal.inbound(clientId, packetId, true);
    }

    /** PUBREL for an incoming QoS 2 message: the id may be reused from now on. */
    public synchronized boolean inboundRelease(int packetId) {
        boolean known = inboundQos2.remove(packetId);
        if (known) {
            journal.inbound(clientId, packetId, false);
        }
        return known;
    }

    public synchronized int inboundQos2Count() {
        return inboundQos2.size();
    }

    /** Forgets everything in flight and queued (the session ends). */
    public synchronized void clear() {
        inflight.clear();
        queue.clear();
        backlog = 0;
        queueEmptied();
        trimming = false;
        inboundQos2.clear();
        subscriptions.clear();
    }

    /** Snapshot of the queued deliveries (for tests and diagnostics). */
    public synchronized List<Delivery> queued() {
        return queue.stream().map(Queued::delivery).toList();
    }

    public synchronized Collection<Integer> inflightIds() {
        return List.copyOf(inflight.keySet());
    }

    private void drain() {
        if (outbound == null) {
            return;
        }
        long now = System.currentTimeMillis();
        while (!queue.isEmpty() && inflight.size() < outbound.inflightLimit()) {
            Queued q = queue.peekFirst();
            if (q.delivery.message().expired(now)) {
                metrics.dropped(Drop.EXPIRED);
                removeHead();
                journal.done(clientId, q.seq);
            } else if (send(q.seq, q.delivery)) {
                removeHead();
            } else {
                return; // no packet id free
            }
        }
        if (queue.isEmpty()) {
            queueEmptied();
        }
    }

    private void removeHead() {
        queue.pollFirst();
        if (backlog > 0) {
            backlog--;
        }
    }

    /** @return false when no packet id is free (the caller keeps the message) */
    private boolean send(long seq, Delivery d) {
        int id = allocatePacketId();
        if (id < 0) {
            return false;
        }
        inflight.put(id, new Inflight(seq, d));
        journal.sent(clientId, seq, id);
        if (!outbound.sendPublish(id, d, false)) {
            inflight.remove(id);
            journal.done(clientId, seq);
        }
        return true;
    }

    private int allocatePacketId() {
        for (int i = 0; i < 65535; i++) {
            int id = nextPacketId;
            nextPacketId = nextPacketId == 65535 ? 1 : nextPacketId + 1;
            if (!inflight.containsKey(id)) {
                return id;
            }
        }
        return -1;
    }

    /** @param at {@link System#nanoTime()} when queued while a client was connected (0: not timed) */
    private record Queued(long seq, Delivery delivery, long at) {
    }

    private static final class Inflight {
        final long seq;
        final Delivery delivery;
        boolean awaitingPubcomp;

        Inflight(long seq, Delivery delivery) {
            this.seq = seq;
            this.delivery = delivery;
        }
    }
}
