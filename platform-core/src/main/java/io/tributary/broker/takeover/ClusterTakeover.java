package io.tributary.broker.takeover;

import io.tributary.broker.BrokerCore;
import io.tributary.broker.ClientConnection;
import io.tributary.concurrent.Daemons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Client-id takeover across the nodes sharing a store: every {@code interval} this node writes a
 * claim for each client id that connected to it, and reads the claims other nodes wrote. A claim
 * newer (higher id) than the one of a live connection here closes that connection as taken over
 * (MQTT 5 DISCONNECT 0x8E), so a client id has one connection in the whole cluster, the newest.
 * A newer claim for a client whose persistent session stays here offline ends that session
 * ({@link BrokerCore#endedElsewhere}): the client goes on elsewhere, and this node would
 * otherwise keep its subscriptions (and get messages forwarded for it) until it expires.
 *
 * <p>Why claims in the store and not messages between nodes: nodes need no address of each other,
 * and a node that was slow or briefly cut off still sees, within the look-back, a claim made
 * meanwhile. Claims are compared by id only, so reading one twice does nothing more; a connection
 * whose own claim is not written yet is left alone (its claim, written later, gets the higher id
 * and the other node yields). Cost: one batched insert and one indexed query per node per
 * interval; the look-back re-reads each claim a few times.
 */
public final class ClusterTakeover implements BrokerCore.ConnectionWatcher, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterTakeover.class);
    /** Claims older than this are deleted. */
    static final long KEEP_MILLIS = Duration.ofMinutes(1).toMillis();
    private static final long PRUNE_EVERY_MILLIS = Duration.ofSeconds(30).toMillis();
    /** Ends the writer of a claim made by {@link #claimNow}: the client resumes its session there. */
    private static final String WANTS_SESSION = "!";

    /** A live connection here and its claim ({@code -1} until written). */
    private static final class Local {
        final ClientConnection connection;
        volatile long claim = -1;

        Local(ClientConnection connection) {
            this.connection = connection;
        }
    }

    private final BrokerCore core;
    private final ClientClaimStore store;
    private final String writer;
    private final long intervalMillis;
    private final long lookbackMillis;
    private final Map<String, Local> live = new ConcurrentHashMap<>();
    /** Client ids whose last connection here closed, with that connection's claim. */
    private final Map<String, Long> offline = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Local> unwritten = new ConcurrentLinkedQueue<>();
    private volatile SessionMover mover;
    private ScheduledExecutorService timer;
    private long lastPrune;
    private boolean failing;

    /** @param nodeId this node's id; claims are written under it plus a random part, unique per process */
    public ClusterTakeover(BrokerCore core, ClientClaimStore store, String nodeId, Duration interval) {
        this.core = core;
        this.store = store;
        this.writer = nodeId + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.intervalMillis = Math.max(10, interval.toMillis());
        // a claim commits a little after its time is taken: read back further than one interval
        this.lookbackMillis = 2 * intervalMillis + 2000;
    }

    /**
     * Moves a client's persistent session to the node where it connected (the handover, in a
     * cluster with a shared log); without one, the session here ends.
     */
    public interface SessionMover {
        /** @return true when a session of {@code clientId} is on its way to {@code nodeId} */
        boolean move(String clientId, String nodeId);
    }

    /** From now on newer claims elsewhere move sessions instead of ending them. */
    public ClusterTakeover moveSessionsWith(SessionMover m) {
        this.mover = m;
        return this;
    }

    /**
     * Writes a claim for each of {@code clientIds} now, not with the next batch: the clients are
     * about to connect here and their sessions, which other nodes have, are to be sent here.
     */
    public void claimNow(List<String> clientIds) {
        store.claim(clientIds, writer + WANTS_SESSION);
    }

    /** Watches the core's connections and starts writing and reading claims. */
    public synchronized ClusterTakeover start() {
        core.watchConnections(this);
        timer = Daemons.timer("client-takeover");
        timer.scheduleWithFixedDelay(this::tickQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void opened(ClientConnection connection) {
        offline.remove(connection.clientId());
        Local l = new Local(connection);
        live.put(connection.clientId(), l);
        unwritten.add(l);
    }

    @Override
    public void closed(ClientConnection connection) {
        live.computeIfPresent(connection.clientId(), (id, l) -> {
            if (l.connection != connection) {
                return l;
            }
            if (l.claim >= 0) { // a connection gone before its claim was written cannot be compared
                offline.put(id, l.claim);
            }
            return null;
        });
    }

    private void tickQuietly() {
        try {
            tick();
            if (failing) {
                log.info("Client takeover across nodes works again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("Cannot exchange client ids with the other nodes (retrying; meanwhile a client id may "
                        + "stay connected on two nodes): {}", e.toString());
                failing = true;
            }
        }
    }

    /** Writes this node's new claims, then closes the connections other nodes' newer claims take over. */
    synchronized void tick() {
        write();
        read();
        long now = System.currentTimeMillis();
        if (now - lastPrune > PRUNE_EVERY_MILLIS) {
            lastPrune = now;
            store.prune(KEEP_MILLIS);
            offline.keySet().removeIf(id -> core.sessions().get(id) == null); // ended or expired here
        }
    }

    private void write() {
        Map<String, Local> batch = new LinkedHashMap<>();
        for (Local l; (l = unwritten.poll()) != null; ) {
            if (live.get(l.connection.clientId()) == l) { // closed or replaced already: nothing to claim
                batch.put(l.connection.clientId(), l);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            Map<String, Long> ids = store.claim(new ArrayList<>(batch.keySet()), writer);
            batch.forEach((clientId, l) -> {
                Long id = ids.get(clientId);
                if (id != null) {
                    l.claim = id;
                }
            });
        } catch (RuntimeException e) {
            unwritten.addAll(batch.values()); // again next time
            throw e;
        }
    }

    private void read() {
        List<ClientClaim> claims = store.recent(lookbackMillis, writer);
        for (ClientClaim c : claims) {
            if (c.nodeId().startsWith(writer)) {
                continue; // this node's own claim for a session it fetches
            }
            Local l = live.get(c.clientId());
            if (l == null) {
                endOffline(c);
            } else if (l.claim >= 0 && l.claim < c.id()) {
                live.remove(c.clientId(), l);
                SessionMover m = wantsSession(c) ? mover : null;
                if (core.takenOverElsewhere(l.connection, m != null)) {
                    log.info("Client {} connected to node {}: its connection here is closed (session taken over)",
                            c.clientId(), node(c));
                    if (m != null) {
                        m.move(c.clientId(), node(c));
                    }
                } else if (m != null) {
                    m.move(c.clientId(), node(c));
                } else if (core.connection(c.clientId()) == null && core.endedElsewhere(c.clientId())) {
                    // it closed on its own meanwhile (after leaving live, so not remembered as offline)
                    log.info("Client {} connected to node {}: its offline session here ends", c.clientId(), node(c));
                }
            }
        }
    }

    private void endOffline(ClientClaim c) {
        Long last = offline.get(c.clientId());
        SessionMover m = mover;
        if (m != null && wantsSession(c)) {
            // a session here with no claim to compare (restored at start, or its connection was too
            // short to be claimed) moves too: were it the newer one, its client connecting here
            // again brings it back (docs/design/sessions-across-nodes.md)
            if ((last == null || last < c.id()) && m.move(c.clientId(), node(c))) {
                offline.remove(c.clientId());
            }
            return;
        }
        if (last != null && last < c.id() && offline.remove(c.clientId(), last) && core.endedElsewhere(c.clientId())) {
            log.info("Client {} connected to node {}: its offline session here ends", c.clientId(), node(c));
        }
    }

    /** A claim written while the client's session is fetched: clean start 0 there, so the session moves. */
    private static boolean wantsSession(ClientClaim c) {
        return c.nodeId().endsWith(WANTS_SESSION);
    }

    private static String node(ClientClaim c) {
        return c.nodeId().substring(0, Math.max(0, c.nodeId().lastIndexOf('/')));
    }

    @Override
    public synchronized void close() {
        core.watchConnections(null);
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
