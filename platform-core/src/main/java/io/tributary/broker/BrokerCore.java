package io.tributary.broker;

import io.tributary.broker.auth.Authenticator;
import io.tributary.broker.auth.Authorizer;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.protocol.MqttConnection;
import io.tributary.broker.retain.RetainedStore;
import io.tributary.broker.routing.IntegrationRoutes;
import io.tributary.broker.routing.MessageRouter;
import io.tributary.broker.session.Session;
import io.tributary.broker.session.SessionStore;
import io.tributary.broker.topic.Topics;
import io.tributary.broker.will.WillService;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The broker's shared state and the operations connections perform on it: the session store,
 * the router, retained messages, wills, live connections by client id and session expiry.
 * Connect and disconnect bookkeeping is serialised on this object (rare compared with
 * publishes) so a takeover and the old connection's close cannot interleave.
 */
public final class BrokerCore {
    /** Session expiry value meaning "never" (MQTT 5 0xFFFFFFFF). */
    public static final long NEVER_EXPIRES = 0xFFFFFFFFL;

    private final BrokerSettings settings;
    private final SessionStore sessions;
    private final MessageRouter router;
    private final RetainedStore retained = new RetainedStore();
    private final IntegrationRoutes integrations = new IntegrationRoutes();
    private final WillService wills;
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final ScheduledExecutorService scheduler;
    private final Map<String, MqttConnection> connections = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();

    public BrokerCore(BrokerSettings settings, SessionStore sessions, Authenticator authenticator,
                      Authorizer authorizer, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.sessions = sessions;
        this.router = new MessageRouter(sessions);
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.scheduler = scheduler;
        this.wills = new WillService(scheduler, this::publish);
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

    public RetainedStore retained() {
        return retained;
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

    public Collection<MqttConnection> connections() {
        return connections.values();
    }

    public MqttConnection connection(String clientId) {
        return connections.get(clientId);
    }

    /**
     * Stores a retained message when flagged, routes the message to subscribed sessions and
     * offers it to matching integrations.
     *
     * @return completes when every matching integration has queued the message; a QoS 1/2
     * publisher is acknowledged only then
     */
    public CompletableFuture<Void> publish(BrokerMessage message) {
        String[] levels = Topics.levels(message.topic()); // split once for both tries
        router.route(message, retained, levels);
        return integrations.dispatch(message, levels);
    }

    /**
     * Registers {@code connection} as the live one for its client id and opens its session.
     * An older connection with the same id is taken over (closed) first.
     *
     * @return the session and whether it existed before
     */
    public synchronized OpenedSession open(MqttConnection connection, boolean cleanStart, long expirySeconds) {
        String clientId = connection.clientId();
        Session existing = sessions.get(clientId);
        // the old session ends on a clean start, and when it was only ever meant to live as long
        // as its (now replaced) connection (clean session / expiry 0)
        boolean oldSessionEnds = existing != null && (cleanStart || existing.expirySeconds() == 0);
        MqttConnection previous = connections.put(clientId, connection);
        if (previous != null && previous != connection) {
            previous.takenOver(oldSessionEnds);
        }
        if (oldSessionEnds) {
            // a will delayed beyond the end of its session is due now (MQTT 5 3.1.3.2.2)
            wills.publishNow(clientId);
        } else {
            wills.cancel(clientId);
        }
        ScheduledFuture<?> expiry = expiries.remove(clientId);
        if (expiry != null) {
            expiry.cancel(false);
        }
        boolean present = existing != null && !oldSessionEnds;
        if (oldSessionEnds) {
            discard(existing);
        }
        Session session = sessions.computeIfAbsent(clientId, id -> new Session(id, settings.maxQueuedMessages()));
        session.expirySeconds(expirySeconds);
        return new OpenedSession(session, present);
    }

    /**
     * The connection is gone. Unless a newer connection took its client id, its will is
     * scheduled and its session either ends now or expires later.
     *
     * @param will the will to publish, or {@code null}
     */
    public synchronized void closed(MqttConnection connection, Session session, BrokerMessage will, long willDelay) {
        String clientId = connection.clientId();
        if (!connections.remove(clientId, connection)) {
            return;
        }
        session.detach(connection);
        long expiry = session.expirySeconds();
        if (will != null) {
            wills.schedule(clientId, will, Math.min(willDelay, expiry));
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
        }
    }

    private void discard(Session session) {
        router.removeAll(session);
        session.clear();
        sessions.remove(session.clientId(), session);
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
