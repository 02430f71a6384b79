package io.tributary.broker.handover;

import io.tributary.broker.BrokerCore;
import io.tributary.broker.persistence.SessionImageCodec;
import io.tributary.broker.session.Session;
import io.tributary.concurrent.Daemons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps this node's rows in {@code cluster_sessions}: every interval, the persistent sessions
 * whose expiry, connection state or subscriptions changed are written (this node as their home)
 * and those that ended, expired or moved away are deleted. A scan, not a hook per change: the
 * comparison is three numbers per session, and writes happen only for what changed.
 */
public final class SessionRows implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionRows.class);
    private static final long PRUNE_EVERY_MILLIS = Duration.ofMinutes(1).toMillis();
    /** Rows of sessions past their expiry are deleted this long after, by whichever node prunes first. */
    private static final long PRUNE_GRACE_MILLIS = Duration.ofMinutes(1).toMillis();

    /** What a row was written from. */
    private record Written(long expirySeconds, long disconnectedAt, int subscriptionVersion) {
    }

    private final BrokerCore core;
    private final SessionRowStore store;
    private final String nodeId;
    private final long intervalMillis;
    private final Map<String, Written> written = new HashMap<>();
    private ScheduledExecutorService timer;
    private long lastPrune;
    private boolean failing;
    private boolean closed;

    public SessionRows(BrokerCore core, SessionRowStore store, String nodeId, Duration interval) {
        this.core = core;
        this.store = store;
        this.nodeId = nodeId;
        this.intervalMillis = Math.max(10, interval.toMillis());
    }

    public synchronized SessionRows start() {
        if (closed) {
            return this;
        }
        timer = Daemons.timer("session-rows");
        timer.scheduleWithFixedDelay(this::syncQuietly, 0, intervalMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    private void syncQuietly() {
        try {
            sync();
            if (failing) {
                log.info("Writing this node's sessions to the shared store works again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("Cannot write this node's sessions to the shared store (retrying; meanwhile a client "
                        + "connecting to another node may not find its session): {}", e.toString());
                failing = true;
            }
        }
    }

    /** Writes the rows that changed and deletes those of sessions gone from here. */
    synchronized void sync() {
        List<SessionRow> changed = new ArrayList<>();
        Map<String, Written> now = new HashMap<>();
        Set<String> here = new HashSet<>();
        for (Session s : core.sessions().all()) {
            long expiry = s.expirySeconds();
            if (expiry == 0 || s.moved()) {
                continue;
            }
            here.add(s.clientId());
            Written w = new Written(expiry, s.online() ? 0 : s.disconnectedAt(), s.subscriptionVersion());
            if (!w.equals(written.get(s.clientId()))) {
                changed.add(new SessionRow(s.clientId(), nodeId, expiry, w.disconnectedAt(),
                        SessionImageCodec.encodeSubscriptions(s)));
                now.put(s.clientId(), w);
            }
        }
        List<String> gone = new ArrayList<>();
        for (String id : written.keySet()) {
            if (!here.contains(id)) {
                gone.add(id);
            }
        }
        if (!changed.isEmpty()) {
            store.write(changed);
            written.putAll(now);
        }
        if (!gone.isEmpty()) {
            store.delete(gone, nodeId);
            gone.forEach(written::remove);
        }
        long t = System.currentTimeMillis();
        if (t - lastPrune > PRUNE_EVERY_MILLIS) {
            lastPrune = t;
            store.pruneExpired(PRUNE_GRACE_MILLIS);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
            syncQuietly(); // the disconnects of the clients the stop closed
        }
    }
}
