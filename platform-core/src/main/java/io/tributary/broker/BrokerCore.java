package io.tributary.broker;

import io.tributary.broker.auth.Authenticator;
import io.tributary.broker.clientevents.ClientEvents;
import io.tributary.broker.clientevents.DisconnectReason;
import io.tributary.broker.auth.Authorizer;
import io.tributary.broker.auth.SubscribeGrant;
import io.tributary.broker.limits.ConnectionLimiter;
import io.tributary.broker.limits.LimitEvents;
import io.tributary.broker.metrics.BrokerMetrics;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.persistence.BrokerImage;
import io.tributary.broker.persistence.BrokerJournal;
import io.tributary.broker.retain.RetainedJournal;
import io.tributary.broker.session.SessionJournal;
import io.tributary.broker.session.Relayed;
import io.tributary.broker.persistence.SessionImageCodec;
import io.tributary.broker.session.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.tributary.broker.retain.RetainedStore;
import io.tributary.broker.routing.IntegrationRoutes;
import io.tributary.broker.routing.MessageRouter;
import io.tributary.broker.session.Session;
import io.tributary.broker.session.SessionStore;
import io.tributary.broker.topic.Topics;
import io.tributary.broker.will.WillService;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The broker's shared state and the operations connections perform on it: the session store,
 * the router, retained messages, wills, live connections by client id and session expiry.
 * Connect and disconnect bookkeeping is serialised on this object (rare compared with
 * publishes) so a takeover and the old connection's close cannot interleave.
 */
public final class BrokerCore {
    private static final Logger log = LoggerFactory.getLogger(BrokerCore.class);
    /** Session expiry value meaning "never" (MQTT 5 0xFFFFFFFF). */
    public static final long NEVER_EXPIRES = 0xFFFFFFFFL;

    private final BrokerSettings settings;
    private final SessionStore sessions;
    private final MessageRouter router;
    private final LimitEvents limitEvents = new LimitEvents();
    private final ConnectionLimiter connectionLimiter;
    private final RetainedStore retained;
    private final IntegrationRoutes integrations = new IntegrationRoutes();
    private final ClientEvents clientEvents = new ClientEvents(integrations.clientEvents());
    /** Sessions found expired in the journal at start, reported as events once integrations listen. */
    private List<ExpiredSession> expiredWhileStopped = new ArrayList<>();
    private final WillService wills;
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final ScheduledExecutorService scheduler;
    private final Map<String, ClientConnection> connections = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();
    private final BrokerJournal journal;
    private final SessionJournal sessionJournal;
    private final BrokerMetrics metrics;
    private volatile ConnectionWatcher watcher = ConnectionWatcher.NONE;
    private volatile Forwarder forwarder = Forwarder.NONE;
    private volatile SessionLocator locator = SessionLocator.LOCAL;

    /**
     * Brings a client's persistent session here from another node before a CONNECT with clean
     * start 0 opens it (cluster); the local default has nowhere else to look.
     */
    public interface SessionLocator {
        SessionLocator LOCAL = clientId -> CompletableFuture.completedFuture(null);

        /** @return completes (never exceptionally) once the session is here, or known to be nowhere else */
        CompletableFuture<Void> locate(String clientId);
    }

    /**
     * Hands a message published here to the other nodes whose clients subscribed to it (cluster);
     * called on the publishing thread before local routing, so it must not block.
     */
    public interface Forwarder {
        Forwarder NONE = (message, levels) -> null;

        /**
         * @return where it went, or {@code null} when it went to no node
         */
        Forwarded forward(BrokerMessage message, String[] levels);
    }

    /**
     * What a {@link Forwarder} did with a message.
     *
     * @param stored         completes when every node it was sent to has it stored; {@code null}
     *                        when it was sent to none
     * @param groupsElsewhere share groups ({@code $share/g/filter}) another node serves for this
     *                        message: no member here gets it
     */
    public record Forwarded(CompletableFuture<Void> stored, Set<String> groupsElsewhere) {
        /** Whether a member of {@code group} here is to get the message. */
        public boolean servedHere(String group) {
            return !groupsElsewhere.contains(group);
        }
    }

    /**
     * Told when a connection becomes the live one for its client id and when it closes; called
     * under the core's lock, so it must only take note (e.g. queue the client id).
     */
    public interface ConnectionWatcher {
        ConnectionWatcher NONE = new ConnectionWatcher() {
            @Override
            public void opened(ClientConnection c) {
            }

            @Override
            public void closed(ClientConnection c) {
            }
        };

        void opened(ClientConnection connection);

        void closed(ClientConnection connection);
    }

    public BrokerCore(BrokerSettings settings, SessionStore sessions, Authenticator authenticator,
                      Authorizer authorizer, ScheduledExecutorService scheduler) {
        this(settings, sessions, authenticator, authorizer, scheduler, null);
    }

    /**
     * @param journal where persistent sessions and retained messages are written, or {@code null}
     *                to keep them in memory only
     */
    public BrokerCore(BrokerSettings settings, SessionStore sessions, Authenticator authenticator,
                      Authorizer authorizer, ScheduledExecutorService scheduler, BrokerJournal journal) {
        this(settings, sessions, authenticator, authorizer, scheduler, journal, new BrokerMetrics());
    }

    /**
     * @param journal as above
     * @param metrics the broker's meters; gauges over this core's state are added to its registry
     */
    public BrokerCore(BrokerSettings settings, SessionStore sessions, Authenticator authenticator,
                      Authorizer authorizer, ScheduledExecutorService scheduler, BrokerJournal journal,
                      BrokerMetrics metrics) {
        this.metrics = metrics;
        this.settings = settings;
        this.connectionLimiter = new ConnectionLimiter(settings.limits());
        this.retained = new RetainedStore(settings.limits().retainedMaxMessages(),
                settings.limits().retainedMaxBytes(), limitEvents);
        this.sessions = sessions;
        this.router = new MessageRouter(sessions);
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.scheduler = scheduler;
        this.wills = new WillService(scheduler, this::publish, authorizer);
        this.journal = journal;
        this.sessionJournal = journal == null ? SessionJournal.NONE : journal.sessions();
        registerGauges();
    }

    /** Gauges that read what the core holds anyway: nothing is counted twice. */
    private void registerGauges() {
        limitEvents.bindTo(metrics.registry());
        for (DisconnectReason r : DisconnectReason.values()) {
            metrics.disconnectReasons(r.metricLabel());
        }
        metrics.gauge("tributary.mqtt.sessions", "Sessions with a connected client", connections, Map::size,
                "state", "online");
        metrics.gauge("tributary.mqtt.sessions", "Sessions kept for a client that is not connected", this,
                c -> Math.max(0, c.sessions.size() - c.connections.size()), "state", "offline");
        metrics.gauge("tributary.mqtt.subscriptions", "Subscriptions of all sessions (shared ones included)",
                router, MessageRouter::subscriptionCount);
        metrics.gauge("tributary.mqtt.retained.messages", "Retained messages held", retained, RetainedStore::size);
        metrics.gauge("tributary.mqtt.retained.bytes", "Bytes of retained messages held (topics and payloads)",
                retained, RetainedStore::bytes);
    }

    /** The broker's meters (counters the protocol handlers increment). */
    public BrokerMetrics metrics() {
        return metrics;
    }

    public BrokerSettings settings() {
        return settings;
    }

    public SessionStore sessions() {
        return sessions;
    }

    public MessageRouter router() {
        return router;
    }

    /** Integrations' topic filters; the integration runtime registers here. */
    public IntegrationRoutes integrations() {
        return integrations;
    }

    /** Client lifecycle events for the integrations that want them. */
    public ClientEvents clientEvents() {
        return clientEvents;
    }

    public RetainedStore retained() {
        return retained;
    }

    /** Every limit hit, counted (and logged at most once per limit every few seconds). */
    public LimitEvents limitEvents() {
        return limitEvents;
    }

    /** Open connections, in all and per source address. */
    public ConnectionLimiter connectionLimiter() {
        return connectionLimiter;
    }

    public WillService wills() {
        return wills;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public Collection<ClientConnection> connections() {
        return connections.values();
    }

    public ClientConnection connection(String clientId) {
        return connections.get(clientId);
    }

    /**
     * Stores a retained message when flagged, routes the message to subscribed sessions and
     * offers it to matching integrations.
     *
     * @return completes when the message is stored everywhere it has to be: in every matching
     * integration's log, for every persistent subscriber and as the retained message; a QoS 1/2
     * publisher is acknowledged only then
     */
    public CompletableFuture<Void> publish(BrokerMessage message) {
        return publish(message, -1);
    }

    /**
     * As {@link #publish(BrokerMessage)}, also waiting until the journal holds {@code journalMark}
     * (e.g. the incoming QoS 2 packet id recorded for the publisher's session), unless it is -1.
     */
    public CompletableFuture<Void> publish(BrokerMessage message, long journalMark) {
        String[] levels = Topics.levels(message.topic()); // split once for both tries
        // first: the forwarder decides which node serves each share group in the cluster
        Forwarded sent = forwarder.forward(message, levels);
        Predicate<String> groups = sent == null || sent.groupsElsewhere().isEmpty() ? MessageRouter.ALL_GROUPS
                : sent::servedHere;
        long mark = Math.max(journalMark, router.route(message, retained, levels, groups));
        CompletableFuture<Void> relayed = Relayed.take(); // sessions that just moved to another node
        CompletableFuture<Void> stored = integrations.dispatch(message, levels);
        CompletableFuture<Void> forwarded = sent == null ? relayed
                : relayed == null ? sent.stored() : sent.stored() == null ? relayed
                : CompletableFuture.allOf(sent.stored(), relayed);
        if (forwarded != null && message.qos() > 0) {
            // the other nodes' subscribers are part of the durability promise of a PUBACK
            stored = stored.isDone() && !stored.isCompletedExceptionally() ? forwarded
                    : CompletableFuture.allOf(stored, forwarded);
        }
        if (mark < 0 || message.qos() == 0) {
            return stored;
        }
        CompletableFuture<Void> journaled = journal.whenDurable(mark);
        if (stored.isDone() && !stored.isCompletedExceptionally()) {
            return journaled;
        }
        return journaled.isDone() ? stored : CompletableFuture.allOf(stored, journaled);
    }

    /**
     * Delivers a message another node forwarded to this node's subscribers only: not to
     * integrations (the publishing node routed it to them), not stored as retained (retained
     * messages are shared through the store), not forwarded again. It goes to the subscribers in
     * no share group only when {@code unshared}, and to one member of each share group in
     * {@code groups} ({@code null}: every group with a member here); a group with no member here
     * any more (it left since the publishing node last read the subscriptions) does not get the
     * message: counted as dropped. Only the sessions {@code to} accepts get it
     * ({@link MessageRouter#ANY_SESSION}: all; a message forwarded before this node started is
     * for the sessions it restored).
     *
     * @return completes when persistent subscribers have it in the journal
     */
    public CompletableFuture<Void> deliverForwarded(BrokerMessage message, boolean unshared, Set<String> groups,
                                                    java.util.function.Predicate<Session> to) {
        String[] levels = Topics.levels(message.topic());
        long mark;
        if (groups == null) {
            mark = router.deliver(message, levels, unshared, MessageRouter.ALL_GROUPS, to);
        } else {
            mark = router.deliver(message, levels, unshared, groups::contains, to);
            if (!groups.isEmpty()) {
                Set<String> here = router.shareGroups(message.topic(), levels);
                for (String g : groups) {
                    if (!here.contains(g)) {
                        metrics.dropped(BrokerMetrics.Drop.NO_SHARE_MEMBER);
                    }
                }
            }
        }
        return storedHere(mark);
    }

    /**
     * Completes when the journal holds {@code mark} (-1: nothing written) and the relays this
     * thread noted meanwhile (deliveries to sessions that moved to another node) are stored there.
     */
    private CompletableFuture<Void> storedHere(long mark) {
        CompletableFuture<Void> relayed = Relayed.take();
        CompletableFuture<Void> journaled = mark < 0 || journal == null ? CompletableFuture.completedFuture(null)
                : journal.whenDurable(mark);
        return relayed == null ? journaled : CompletableFuture.allOf(journaled, relayed);
    }

    /** Who forwards messages published here to other nodes ({@link Forwarder#NONE} for nobody). */
    public void forwardTo(Forwarder f) {
        this.forwarder = f == null ? Forwarder.NONE : f;
    }

    /** The broker's journal, or {@code null} when state is kept in memory only. */
    public BrokerJournal journal() {
        return journal;
    }

    /**
     * Puts back the persistent sessions and retained messages read from the journal, before any
     * client connects: sessions are offline, their subscriptions active (messages queue for them),
     * and each expires as it would have (counted from its client's disconnect, or from now when a
     * client was connected at the stop or crash).
     */
    public synchronized void restore(BrokerImage image) {
        long now = System.currentTimeMillis();
        int restoredSessions = 0;
        long restoredMessages = 0;
        for (BrokerImage.SessionImage s : image.sessions().values()) {
            long since = s.disconnectedAt() > 0 ? s.disconnectedAt() : now;
            long expiry = Math.min(s.expirySeconds(), settings.maxSessionExpiry());
            long left = left(expiry, since, now);
            if (expiry == 0 || left <= 0) {
                sessionJournal.end(s.clientId());
                if (expiry > 0) {
                    expiredWhileStopped.add(new ExpiredSession(s.clientId(), expiry));
                }
                continue;
            }
            Session session = sessions.computeIfAbsent(s.clientId(), this::newSession);
            session.expirySeconds(expiry);
            for (Subscription sub : s.subscriptions()) {
                router.subscribe(sub);
            }
            session.restore(s.messages(), s.inbound(), sessionJournal);
            session.journalTo(sessionJournal, since);
            expireIn(s.clientId(), session, left);
            restoredSessions++;
            restoredMessages += s.messages().size();
        }
        for (BrokerMessage m : image.retained().values()) {
            retained.restore(m);
        }
        if (journal != null) {
            retained.journalTo(journal.retained());
            journal.stateSource(this::writeState);
        }
        if (restoredSessions > 0 || !image.retained().isEmpty()) {
            log.info("Restored {} persistent session(s) with {} queued or in-flight message(s) and {} retained "
                    + "message(s)", restoredSessions, restoredMessages, image.retained().size());
        }
    }

    private Session newSession(String clientId) {
        return new Session(clientId, settings.maxQueuedMessages(), settings.maxQueuedOnline(),
                settings.onlineQueueTargetMs(), metrics);
    }

    /** How long a session that expires {@code expiry} s after {@code since} has left; {@code Long.MAX_VALUE}: never expires. */
    private static long left(long expiry, long since, long now) {
        return expiry >= NEVER_EXPIRES ? Long.MAX_VALUE : since + expiry * 1000 - now;
    }

    private void cancelExpiry(String clientId) {
        ScheduledFuture<?> expiry = expiries.remove(clientId);
        if (expiry != null) {
            expiry.cancel(false);
        }
    }

    private void expireIn(String clientId, Session session, long leftMillis) {
        if (leftMillis != Long.MAX_VALUE) {
            expiries.put(clientId, scheduler.schedule(() -> expire(clientId, session), leftMillis,
                    TimeUnit.MILLISECONDS));
        }
    }

    /** Who brings sessions here from other nodes ({@link SessionLocator#LOCAL} for nobody). */
    public void locateSessionsWith(SessionLocator l) {
        this.locator = l == null ? SessionLocator.LOCAL : l;
    }

    /** Brings {@code clientId}'s session here if it lives on another node (see {@link SessionLocator}). */
    public CompletableFuture<Void> locateSession(String clientId) {
        Session here = sessions.get(clientId);
        return here != null && !here.moved() ? CompletableFuture.completedFuture(null) : locator.locate(clientId);
    }

    /**
     * Moves the persistent session of {@code clientId}, whose client is not connected here, to
     * another node: {@code ship} sends its image there; deliveries to it go to {@code relay} from
     * then on, for {@code relayMillis} (publishers may still route to this node until they learn
     * of the move), after which it is gone here. Its journal records end once the other node has
     * it; if that fails, it stays here as it was.
     *
     * @return completes when the other node has it; {@code null} when there is nothing to move
     */
    public synchronized CompletableFuture<Void> moveOut(String clientId,
                                                        java.util.function.Function<byte[], CompletableFuture<Void>> ship,
                                                        Session.Relay relay, long relayMillis) {
        Session session = sessions.get(clientId);
        if (session == null || session.moved() || connections.containsKey(clientId) || session.expirySeconds() == 0) {
            return null;
        }
        cancelExpiry(clientId);
        wills.cancel(clientId); // the client came back, elsewhere
        byte[][] image = new byte[1][];
        CompletableFuture<Void> shipped = session.moveOut(s -> ship.apply(image[0] = SessionImageCodec.encode(s)), relay);
        scheduler.schedule(() -> endMoved(clientId, session), relayMillis, TimeUnit.MILLISECONDS);
        return shipped.whenComplete((ok, e) -> {
            synchronized (this) {
                Session now = sessions.get(clientId);
                if (now != null && now != session) {
                    return; // a new session replaced it here: its journal records are the new one's
                }
                if (e == null) {
                    sessionJournal.end(clientId);
                } else {
                    log.error("Could not move the session of {} to another node; it stays here: {}", clientId,
                            e.toString());
                    endMoved(clientId, session);
                    adopt(SessionImageCodec.decode(image[0]));
                }
            }
        });
    }

    /**
     * A message another node relayed for {@code clientId}, whose session moved here (the other
     * node matched it against the session's subscriptions while publishers still routed there).
     *
     * @return completes when it is in this node's journal
     */
    public CompletableFuture<Void> deliverMoved(String clientId, io.tributary.broker.session.Delivery d) {
        Session session = sessions.get(clientId);
        if (session == null) {
            log.debug("A message relayed for {} found no session here (ended or expired)", clientId);
            return CompletableFuture.completedFuture(null);
        }
        return storedHere(session.offer(d)); // relayed on when it moved on again
    }

    /** The relay window of a moved session ended: its subscriptions leave this node. */
    private synchronized void endMoved(String clientId, Session session) {
        if (sessions.get(clientId) == session && session.moved()) {
            router.removeAll(session);
            session.clear();
            sessions.remove(clientId, session);
        }
    }

    /**
     * A persistent session moved here from another node (or was resumed from the shared store's
     * copy of its subscriptions while its node is down): it becomes this node's, offline until
     * its client connects, expiring as it would have there. When the client already has a
     * session here, what the image holds is added to it: subscriptions it lacks, and its queued
     * and in-flight messages queued behind what it has.
     *
     * @return completes when the session is in this node's journal
     */
    public synchronized CompletableFuture<Void> adopt(BrokerImage.SessionImage image) {
        return adopt(image, 0);
    }

    /**
     * As {@link #adopt(BrokerImage.SessionImage)}; for {@code relayMillis} a message reaching the
     * session twice (routed here, and relayed by the node it left) is delivered once.
     */
    public synchronized CompletableFuture<Void> adopt(BrokerImage.SessionImage image, long relayMillis) {
        String clientId = image.clientId();
        Session existing = sessions.get(clientId);
        if (existing != null && existing.moved()) {
            endMoved(clientId, existing); // it moves back before its relay ended
            sessionJournal.end(clientId);
            existing = null;
        }
        long mark = -1;
        if (existing == null) {
            long now = System.currentTimeMillis();
            long since = image.disconnectedAt() > 0 ? image.disconnectedAt() : now;
            long expiry = Math.min(image.expirySeconds(), settings.maxSessionExpiry());
            long left = left(expiry, since, now);
            if (expiry == 0 || left <= 0) {
                return CompletableFuture.completedFuture(null); // expired on the way
            }
            Session session = sessions.computeIfAbsent(clientId, this::newSession);
            session.expirySeconds(expiry);
            if (relayMillis > 0) {
                session.arrived(relayMillis);
            }
            for (Subscription sub : image.subscriptions()) {
                router.subscribe(sub);
            }
            session.restore(image.messages(), image.inbound(), SessionJournal.NONE);
            mark = session.journalTo(sessionJournal, since);
            if (!connections.containsKey(clientId)) {
                expireIn(clientId, session, left);
            }
        } else {
            if (relayMillis > 0) {
                existing.arrived(relayMillis);
            }
            for (Subscription sub : image.subscriptions()) {
                if (!existing.subscriptions().containsKey(sub.filter().raw())) {
                    router.subscribe(sub);
                }
            }
            for (Session.StoredMessage m : image.messages()) {
                mark = Math.max(mark, existing.offer(m.delivery()));
            }
        }
        return storedHere(mark);
    }

    /**
     * Sends a SESSION_EXPIRED event for each session that expired while the broker was stopped
     * (found in the journal by {@link #restore}); called once integrations are listening, before
     * clients connect.
     */
    public synchronized void reportSessionsExpiredWhileStopped() {
        for (ExpiredSession s : expiredWhileStopped) {
            clientEvents.sessionExpired(s.clientId(), null, s.expirySeconds());
        }
        expiredWhileStopped = List.of();
    }

    /** Writes every persistent session and every retained message to a snapshot. */
    private void writeState(SessionJournal target, RetainedJournal retainedTarget) {
        for (Session s : sessions.all()) {
            if (s.journaled()) {
                s.writeImage(target);
            }
        }
        retained.writeImage(retainedTarget);
    }

    /** Who is told about connections opening and closing (one watcher; {@link ConnectionWatcher#NONE} for none). */
    public void watchConnections(ConnectionWatcher w) {
        this.watcher = w == null ? ConnectionWatcher.NONE : w;
    }

    /**
     * A newer connection with this client id was made on another node sharing the store: the
     * connection is closed as taken over (MQTT 5 DISCONNECT 0x8E) and its session here ends with
     * it (the client goes on with the session on the other node; sessions do not move between
     * nodes), so its will is published now.
     *
     * @return false when {@code connection} is no longer the live one for its client id
     */
    public synchronized boolean takenOverElsewhere(ClientConnection connection) {
        return takenOverElsewhere(connection, false);
    }

    /**
     * As {@link #takenOverElsewhere(ClientConnection)}; with {@code sessionMoves} a persistent
     * session is not ended but kept offline, as on a disconnect, to be moved to the other node
     * ({@link #moveOut}), and the will waits for its delay as the session goes on.
     */
    public synchronized boolean takenOverElsewhere(ClientConnection connection, boolean sessionMoves) {
        String clientId = connection.clientId();
        Session session = sessions.get(clientId);
        if (sessionMoves && session != null && session.expirySeconds() > 0 && connections.get(clientId) == connection) {
            connection.takenOver(false);
            closed(connection, session, null, 0);
            return true;
        }
        if (!connections.remove(clientId, connection)) {
            return false;
        }
        connection.takenOver(true);
        disconnectedEvent(connection, 0);
        cancelExpiry(clientId);
        if (session != null) {
            discard(session);
        }
        watcher.closed(connection);
        return true;
    }

    /**
     * A newer connection with this client id was made on another node while its session here was
     * offline: the session ends here as an expiry would end it (subscriptions and queue dropped),
     * so this node stops receiving messages for it. No will: the client came back, elsewhere.
     *
     * @return false when the client is connected here again, or has no session here
     */
    public synchronized boolean endedElsewhere(String clientId) {
        Session session = sessions.get(clientId);
        if (session == null || session.moved() || connections.containsKey(clientId)) {
            return false;
        }
        cancelExpiry(clientId);
        wills.cancel(clientId);
        discard(session);
        return true;
    }

    /**
     * Registers {@code connection} as the live one for its client id and opens its session.
     * An older connection with the same id is taken over (closed) first.
     *
     * @return the session and whether it existed before; {@code null} when the client id belongs
     * to another user (its live connection or stored session), and nothing changed
     */
    public synchronized OpenedSession open(ClientConnection connection, boolean cleanStart, long expirySeconds) {
        String clientId = connection.clientId();
        Session existing = sessions.get(clientId);
        if (existing != null && existing.moved()) {
            endMoved(clientId, existing); // moved to another node a moment ago: not this node's any more
            sessionJournal.end(clientId);
            existing = null;
        }
        String owner = ownerOf(clientId, existing);
        if (owner != null && !owner.isEmpty() && !owner.equals(ownerKey(connection.username()))) {
            // a user's live connection or stored session is not another user's to take over or end
            return null;
        }
        // the old session ends on a clean start, and when it was only ever meant to live as long
        // as its (now replaced) connection (clean session / expiry 0)
        boolean oldSessionEnds = existing != null && (cleanStart || existing.expirySeconds() == 0);
        ClientConnection previous = connections.put(clientId, connection);
        if (previous != null && previous != connection) {
            previous.takenOver(oldSessionEnds);
            // here, not when its socket closes: a consumer sees it go before the new one arrives
            disconnectedEvent(previous, existing == null ? 0 : existing.expirySeconds());
        }
        if (oldSessionEnds) {
            // a will delayed beyond the end of its session is due now (MQTT 5 3.1.3.2.2)
            wills.publishNow(clientId);
        } else {
            wills.cancel(clientId);
        }
        cancelExpiry(clientId);
        boolean present = existing != null && !oldSessionEnds;
        if (oldSessionEnds) {
            discard(existing);
        }
        Session session = sessions.computeIfAbsent(clientId, this::newSession);
        session.expirySeconds(expirySeconds);
        // a session that outlives its connection is written down; one that does not, is not (any longer)
        session.journalTo(expirySeconds > 0 ? sessionJournal : SessionJournal.NONE, 0);
        session.owner(ownerKey(connection.username()));
        if (present) {
            // rules may have changed while it was away, or the session was restored without its user
            recheck(session, clientId, connection.username());
        }
        clientEvents.connected(clientId, connection.username(), connection.remoteAddress(),
                connection.version(), cleanStart, present, expirySeconds, connection.keepAliveSeconds());
        watcher.opened(connection);
        return new OpenedSession(session, present);
    }

    /**
     * Who holds {@code clientId}: the user of its live connection, else of its stored session;
     * {@code ""} for anonymous, {@code null} when nobody or not known (a session restored from the
     * journal does not record its user: the first user to connect claims it).
     */
    private String ownerOf(String clientId, Session existing) {
        ClientConnection live = connections.get(clientId);
        if (live != null) {
            return ownerKey(live.username());
        }
        return existing == null ? null : existing.owner();
    }

    /** Anonymous clients share the owner key {@code ""} (user names are never empty); anyone may take theirs. */
    private static String ownerKey(String username) {
        return username == null ? "" : username;
    }

    /** Deliveries to {@code session} are checked per topic from now on (a subscription was granted per topic). */
    public void guardDeliveries(Session session, String clientId, String username) {
        session.receiveGuard(topic -> authorizer.canReceive(clientId, username, topic));
    }

    /**
     * The ACL rules changed: every session whose user is known has its subscriptions checked
     * again. One no longer allowed is removed (MQTT cannot tell the client; its messages stop at
     * once); one now allowed only per topic gets its deliveries checked. Runs while no SUBSCRIBE
     * is in progress, so none is decided on the old rules after this check.
     */
    public void reauthorize() {
        router.whileRetainedStable(() -> {
            for (Session session : List.copyOf(sessions.all())) {
                String clientId = session.clientId();
                ClientConnection live = connections.get(clientId);
                String owner = live != null ? ownerKey(live.username()) : session.owner();
                if (owner != null) {
                    recheck(session, clientId, owner.isEmpty() ? null : owner);
                }
            }
        });
    }

    private void recheck(Session session, String clientId, String username) {
        boolean perTopic = false;
        for (Subscription sub : List.copyOf(session.subscriptions().values())) {
            SubscribeGrant grant = authorizer.subscribe(clientId, username, sub.filter().filter());
            if (grant == SubscribeGrant.DENIED) {
                router.unsubscribe(session, sub.filter().raw());
                log.info("Subscription of {} to '{}' removed: the ACL no longer allows it", clientId, sub.filter().raw());
            } else if (grant == SubscribeGrant.PER_TOPIC) {
                perTopic = true;
            }
        }
        if (perTopic) {
            guardDeliveries(session, clientId, username);
        } else {
            session.receiveGuard(null);
        }
    }

    /**
     * A user was disabled, deleted or got a new password: its connections are closed (MQTT 5
     * DISCONNECT 0x87) without their wills; a deleted user's sessions end with them.
     */
    public synchronized void revokeUser(String username, boolean deleted, String reason) {
        int closed = 0;
        for (ClientConnection c : List.copyOf(connections.values())) {
            if (username.equals(c.username())) {
                Session s = sessions.get(c.clientId());
                if (deleted && s != null) {
                    s.expirySeconds(0); // ends when the connection closes
                }
                c.revoke("Not authorized: " + reason);
                closed++;
            }
        }
        int ended = 0;
        if (deleted) {
            for (Session s : List.copyOf(sessions.all())) {
                if (username.equals(s.owner()) && !connections.containsKey(s.clientId())) {
                    cancelExpiry(s.clientId());
                    wills.cancel(s.clientId());
                    discard(s);
                    ended++;
                }
            }
        }
        if (closed > 0 || ended > 0) {
            log.info("MQTT user '{}' {}: {} connection(s) closed, {} stored session(s) ended", username, reason,
                    closed, ended);
        }
    }

    /**
     * The connection is gone. Unless a newer connection took its client id, its will is
     * scheduled and its session either ends now or expires later.
     *
     * @param will the will to publish, or {@code null}
     */
    public synchronized void closed(ClientConnection connection, Session session, BrokerMessage will, long willDelay) {
        String clientId = connection.clientId();
        if (!connections.remove(clientId, connection)) {
            return;
        }
        watcher.closed(connection);
        session.detach(connection);
        long expiry = session.expirySeconds();
        disconnectedEvent(connection, expiry);
        if (expiry > 0) {
            session.journalTo(sessionJournal, System.currentTimeMillis());
        }
        if (will != null) {
            wills.schedule(clientId, connection.username(), will, Math.min(willDelay, expiry));
        }
        if (expiry == 0) {
            discard(session);
        } else if (expiry < NEVER_EXPIRES) {
            expiries.put(clientId, scheduler.schedule(() -> expire(clientId, session), expiry, TimeUnit.SECONDS));
        }
    }

    private synchronized void expire(String clientId, Session session) {
        if (!connections.containsKey(clientId) && sessions.get(clientId) == session) {
            expiries.remove(clientId);
            discard(session);
            String owner = session.owner();
            clientEvents.sessionExpired(clientId, owner == null || owner.isEmpty() ? null : owner,
                    session.expirySeconds());
        }
    }

    private void disconnectedEvent(ClientConnection c, long sessionExpiry) {
        metrics.disconnected(c.closeReason().metricLabel());
        if (clientEvents.wanted()) {
            clientEvents.disconnected(c.clientId(), c.username(), c.remoteAddress(), c.version(),
                    c.closeReason(), c.closeReasonCode(), c.closeDetail(), sessionExpiry);
        }
    }

    private void discard(Session session) {
        session.journalTo(SessionJournal.NONE, 0);
        router.removeAll(session);
        session.clear();
        sessions.remove(session.clientId(), session);
    }

    private record ExpiredSession(String clientId, long expirySeconds) {
    }

    /**
     * Result of {@link #open}.
     *
     * @param session the session now bound to the connection
     * @param present true when an existing session was resumed
     */
    public record OpenedSession(Session session, boolean present) {
    }
}
