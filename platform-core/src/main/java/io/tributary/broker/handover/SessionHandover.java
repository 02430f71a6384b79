package io.tributary.broker.handover;

import io.tributary.broker.BrokerCore;
import io.tributary.broker.forward.MovedSessions;
import io.tributary.broker.forward.NodeForwarding;
import io.tributary.broker.persistence.SessionImageCodec;
import io.tributary.broker.session.Delivery;
import io.tributary.broker.session.Session;
import io.tributary.broker.takeover.ClusterTakeover;
import io.tributary.concurrent.Daemons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Persistent sessions follow their clients between broker nodes (docs/design/sessions-across-nodes.md).
 *
 * <p>Arriving: a client connecting here with clean start 0 and no session here is looked up in
 * the shared store ({@link SessionRowStore}); when another node is its home, this node claims the
 * client id at once and waits for that node to send the session over its log, at most
 * {@code timeout}. A node that does not answer is taken for down: the session resumes from the
 * store's copy of its subscriptions, and the messages queued for it there follow when that node
 * is back (it sends them at start).
 *
 * <p>Leaving: a newer claim for the client on another node (seen by {@link ClusterTakeover})
 * sends the session there, its queued and in-flight messages included; for {@code relay} after
 * that, messages publishers still route here for it are sent on to the new node.
 */
public final class SessionHandover implements BrokerCore.SessionLocator, MovedSessions,
        ClusterTakeover.SessionMover, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionHandover.class);

    private final BrokerCore core;
    private final NodeForwarding forwarding;
    private final ClusterTakeover takeover;
    private final SessionRowStore rows;
    private final String nodeId;
    /** How long a session resumed from the store remembers its messages for the copies its home node sends later. */
    private static final long AWAIT_HOME_MILLIS = 10 * 60_000;
    /** Longest wait for the node log before restored sessions are sent home anyway. */
    private static final long CATCH_UP_MILLIS = 60_000;
    private final long timeoutMillis;
    private final long relayMillis;
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final java.util.Queue<Lookup> lookups = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean lookupScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private final ScheduledExecutorService executor = Daemons.timer("session-handover");

    public SessionHandover(BrokerCore core, NodeForwarding forwarding, ClusterTakeover takeover,
                           SessionRowStore rows, Duration timeout, Duration relay) {
        this.core = core;
        this.forwarding = forwarding;
        this.takeover = takeover;
        this.rows = rows;
        this.nodeId = forwarding.nodeId();
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.relayMillis = Math.max(1, relay.toMillis());
    }

    /** Receives sessions on the node log; call before the node log is read. */
    public SessionHandover receive() {
        forwarding.receiveSessions(this);
        return this;
    }

    /**
     * Starts moving sessions and looking them up; once the node log is read up to now, sends the
     * sessions restored here whose clients connected elsewhere while this node was down to
     * those nodes, then starts {@code rowWriter}.
     */
    public SessionHandover start(SessionRows rowWriter) {
        takeover.moveSessionsWith(this);
        core.locateSessionsWith(this);
        // after the node log's messages for them from before the start are in (else they would
        // only be relayed), and before this node writes rows naming itself home of what it restored
        forwarding.caughtUp().orTimeout(CATCH_UP_MILLIS, TimeUnit.MILLISECONDS)
                .whenCompleteAsync((ok, e) -> {
                    sendHome();
                    rowWriter.start();
                }, executor);
        return this;
    }

    /** Sends the restored sessions whose clients connected elsewhere meanwhile to those nodes. */
    private void sendHome() {
        List<String> offline = new ArrayList<>();
        for (Session s : core.sessions().all()) {
            if (s.expirySeconds() > 0 && !s.online() && !s.moved()) {
                offline.add(s.clientId());
            }
        }
        if (offline.isEmpty()) {
            return;
        }
        try {
            int sent = 0;
            for (Map.Entry<String, String> home : rows.homes(offline).entrySet()) {
                if (!home.getValue().equals(nodeId) && move(home.getKey(), home.getValue())) {
                    sent++;
                }
            }
            if (sent > 0) {
                log.info("Sent {} session(s) to the nodes their clients connected to while this node was down", sent);
            }
        } catch (RuntimeException e) {
            log.warn("Cannot send the sessions whose clients connected to other nodes while this node was down: {}",
                    e.toString());
        }
    }

    @Override
    public boolean move(String clientId, String toNode) {
        CompletableFuture<Void> sent = core.moveOut(clientId, image -> forwarding.sendSession(toNode, clientId, image),
                d -> forwarding.relay(toNode, clientId, d), relayMillis);
        if (sent == null) {
            return false;
        }
        sent.whenComplete((ok, e) -> {
            if (e == null) {
                log.info("Session of {} moved to node {}", clientId, toNode);
            }
        });
        return true;
    }

    /**
     * Looked up in batches: after a network cut thousands of clients reconnect at once, and one
     * query per batch keeps the wait short for all of them.
     */
    @Override
    public CompletableFuture<Void> locate(String clientId) {
        CompletableFuture<Void> here = new CompletableFuture<>();
        lookups.add(new Lookup(clientId, here));
        if (lookupScheduled.compareAndSet(false, true)) {
            executor.execute(this::lookUp);
        }
        return here;
    }

    private record Lookup(String clientId, CompletableFuture<Void> here) {
    }

    private void lookUp() {
        lookupScheduled.set(false); // a lookup added from now on schedules another run
        Map<String, List<CompletableFuture<Void>>> batch = new HashMap<>();
        for (Lookup l; (l = lookups.poll()) != null; ) {
            batch.computeIfAbsent(l.clientId(), id -> new ArrayList<>()).add(l.here());
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            Map<String, String> homes = rows.homes(batch.keySet());
            List<String> elsewhere = new ArrayList<>();
            batch.forEach((clientId, callers) -> {
                String home = homes.get(clientId);
                if (home == null || home.equals(nodeId)) {
                    callers.forEach(c -> c.complete(null));
                    return;
                }
                CompletableFuture<Void> pending = waiting.computeIfAbsent(clientId, id -> new CompletableFuture<>());
                callers.forEach(c -> pending.whenComplete((ok, e) -> c.complete(null)));
                elsewhere.add(clientId);
            });
            if (!elsewhere.isEmpty()) {
                takeover.claimNow(elsewhere);
                for (String clientId : elsewhere) {
                    executor.schedule(() -> fromStore(clientId), timeoutMillis, TimeUnit.MILLISECONDS);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Cannot look up {} session(s) in the shared store; they start without them: {}", batch.size(),
                    e.toString());
            batch.forEach((clientId, callers) -> {
                CompletableFuture<Void> pending = waiting.remove(clientId);
                if (pending != null) {
                    pending.complete(null);
                }
                callers.forEach(c -> c.complete(null));
            });
        }
    }

    /** Its home node did not send it in time: resumed from the store's copy of its subscriptions. */
    private void fromStore(String clientId) {
        CompletableFuture<Void> pending = waiting.remove(clientId);
        if (pending == null) {
            return; // it arrived
        }
        try {
            SessionRow row = rows.find(clientId);
            if (row != null && !row.nodeId().equals(nodeId) && core.sessions().get(clientId) == null) {
                // when the home node is back it sends what it held, including messages that were
                // forwarded to it meanwhile and reached the session here too: delivered once
                core.adopt(SessionImageCodec.decode(row.subscriptions()), AWAIT_HOME_MILLIS);
                log.warn("Node {} did not send the session of {} within {} ms: resumed here from its subscriptions in "
                        + "the shared store; the messages queued for it there follow when that node is back",
                        row.nodeId(), clientId, timeoutMillis);
            }
        } catch (RuntimeException e) {
            log.warn("Cannot resume the session of {} from the shared store: {}", clientId, e.toString());
        } finally {
            pending.complete(null);
        }
    }

    @Override
    public CompletableFuture<Void> session(String clientId, byte[] image) {
        CompletableFuture<Void> stored;
        try {
            // the node it left relays for relayMillis; a little longer covers the trip here
            stored = core.adopt(SessionImageCodec.decode(image), 2 * relayMillis);
        } catch (RuntimeException e) {
            log.warn("Skipping an unreadable session of {} sent by another node: {}", clientId, e.toString());
            stored = CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> pending = waiting.remove(clientId);
        if (pending != null) {
            pending.complete(null);
        }
        return stored;
    }

    @Override
    public CompletableFuture<Void> delivery(String clientId, Delivery d) {
        return core.deliverMoved(clientId, d);
    }

    @Override
    public void close() {
        core.locateSessionsWith(null);
        takeover.moveSessionsWith(null);
        executor.shutdownNow();
        waiting.values().forEach(f -> f.complete(null));
    }
}
