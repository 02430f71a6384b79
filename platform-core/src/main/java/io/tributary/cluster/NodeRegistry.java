package io.tributary.cluster;

import io.tributary.concurrent.Daemons;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * This node's entry in the list of nodes sharing the store: claims its node id at start (refusing
 * one a running process holds), then writes a heartbeat with its roles, endpoints and health every
 * {@link Settings#heartbeat()}; reads every node's row for the cluster view. A node whose
 * heartbeats stop is shown down after {@link Settings#downAfterHeartbeats()} intervals and
 * forgotten after {@link Settings#removeAfter()}.
 *
 * <p>On SQLite (one process) the single row is simply overwritten at start: a crash is the only way
 * a live-looking row can be left behind there.
 */
public final class NodeRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
    /** How often rows past {@link Settings#removeAfter()} are deleted. */
    private static final long PRUNE_EVERY_MILLIS = Duration.ofMinutes(5).toMillis();

    /**
     * @param heartbeat           how often the row is written
     * @param downAfterHeartbeats missed heartbeats after which a node shows as down
     * @param removeAfter         how long the row of a node that went away is kept
     */
    public record Settings(Duration heartbeat, int downAfterHeartbeats, Duration removeAfter) {
        long downAfterMillis() {
            return heartbeat.toMillis() * downAfterHeartbeats;
        }

        /** How long without a heartbeat a node is shown down. */
        public Duration downAfter() {
            return Duration.ofMillis(downAfterMillis());
        }
    }

    private final NodeStore store;
    private final Settings settings;
    private final boolean shared;
    private final Supplier<NodeHealth> health;
    private final LongSupplier clock;
    private volatile NodeRow row;
    private volatile NodeEndpoints endpoints = NodeEndpoints.NONE;
    private ScheduledExecutorService timer;
    private long lastPrune;
    private boolean failing;
    private boolean lost;

    /**
     * @param shared other processes may use the store (PostgreSQL): node ids are then checked
     * @param health asked at every heartbeat; must not block for long
     */
    public NodeRegistry(NodeStore store, Settings settings, boolean shared, String nodeId, Set<NodeRole> roles,
                        String version, Supplier<NodeHealth> health) {
        this(store, settings, shared, nodeId, roles, version, health, System::currentTimeMillis);
    }

    NodeRegistry(NodeStore store, Settings settings, boolean shared, String nodeId, Set<NodeRole> roles,
                 String version, Supplier<NodeHealth> health, LongSupplier clock) {
        this.store = store;
        this.settings = settings;
        this.shared = shared;
        this.health = health;
        this.clock = clock;
        long now = clock.getAsLong();
        List<String> labels = roles.stream().sorted().map(NodeRole::label).toList();
        this.row = new NodeRow(nodeId, UUID.randomUUID().toString(), labels, version, NodeEndpoints.NONE, now, now, 0,
                NodeHealth.STARTING);
    }

    /**
     * Claims the node id and starts the heartbeats.
     *
     * @throws NodeIdInUseException when another running process uses the node id on this store
     */
    public synchronized NodeRegistry start() throws InterruptedException {
        if (shared) {
            claim();
        } else {
            store.write(row, Long.MAX_VALUE);
        }
        long every = settings.heartbeat().toMillis();
        timer = Daemons.timer("node-heartbeat");
        timer.scheduleWithFixedDelay(this::beatQuietly, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Writes the row unless a live process holds the node id. A row that only looks live (its
     * process was killed a moment ago and is restarting now) is watched for two heartbeat
     * intervals: when its heartbeat does not move, its holder is gone and the id is taken.
     */
    private void claim() throws InterruptedException {
        long now = clock.getAsLong();
        if (store.write(row, now - settings.downAfterMillis())) {
            return;
        }
        NodeRow holder = store.find(row.nodeId()).orElse(null);
        long every = settings.heartbeat().toMillis();
        long deadline = now + 2 * every + 1000;
        while (holder != null && clock.getAsLong() < deadline) {
            Thread.sleep(Math.min(500, every));
            NodeRow again = store.find(row.nodeId()).orElse(null);
            if (again != null && again.stoppedAt() == 0 && again.lastSeen() != holder.lastSeen()) {
                throw new NodeIdInUseException("node.id '" + row.nodeId() + "' is already used by a running node "
                        + "sharing this store (started " + Instant.ofEpochMilli(again.startedAt()) + ", last heartbeat "
                        + Math.max(0, clock.getAsLong() - again.lastSeen()) + " ms ago"
                        + (again.endpoints().adminUrl() == null ? "" : ", admin " + again.endpoints().adminUrl())
                        + "): give every node its own node.id");
            }
            if (again == null || again.stoppedAt() > 0) {
                break;
            }
        }
        log.info("node.id '{}' was held by a process that no longer sends heartbeats: taking it over", row.nodeId());
        store.write(row, Long.MAX_VALUE);
    }

    /** Where this node can be reached, from its next heartbeat on (listeners bind after the claim). */
    public void endpoints(NodeEndpoints advertised) {
        this.endpoints = advertised;
    }

    /** This node's id. */
    public String nodeId() {
        return row.nodeId();
    }

    public Settings settings() {
        return settings;
    }

    /** Writes a heartbeat now (the timer does it every interval). */
    public synchronized void beat() {
        long now = clock.getAsLong();
        NodeHealth current;
        try {
            current = health.get();
        } catch (RuntimeException e) {
            log.debug("Health for the heartbeat not available: {}", e.toString());
            current = row.health();
        }
        row = row.beat(now, endpoints, current);
        boolean written = store.write(row, shared ? now - settings.downAfterMillis() : Long.MAX_VALUE);
        if (!written && !lost) {
            lost = true;
            log.error("node.id '{}' was taken by another process while this one sent no heartbeats: "
                    + "two processes now use it; stop one of them", row.nodeId());
        } else if (written) {
            lost = false;
        }
        if (now - lastPrune > PRUNE_EVERY_MILLIS) {
            lastPrune = now;
            int removed = store.deleteSeenBefore(now - settings.removeAfter().toMillis());
            if (removed > 0) {
                log.info("Forgot {} node(s) not seen for {}", removed, settings.removeAfter());
            }
        }
    }

    private void beatQuietly() {
        try {
            beat();
            if (failing) {
                log.info("Node heartbeats written again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("Cannot write this node's heartbeat to the store (retrying): {}", e.toString());
                failing = true;
            }
        }
    }

    /** Every node's row, this one first, then by node id. */
    public List<ClusterNode> nodes() {
        long now = clock.getAsLong();
        long downAfter = settings.downAfterMillis();
        String self = row.nodeId();
        return store.all().stream()
                .map(r -> {
                    boolean me = r.nodeId().equals(self) && r.instance().equals(row.instance());
                    return new ClusterNode(r, me ? NodeStatus.UP : r.status(now, downAfter), me);
                })
                .sorted(Comparator.comparing((ClusterNode n) -> !n.self()).thenComparing(n -> n.row().nodeId()))
                .toList();
    }

    /**
     * Forgets a node that is stopped or down (an operator removed it for good).
     *
     * @return false when there is no such node
     * @throws IllegalStateException when it is up: its next heartbeat would bring it back
     */
    public boolean remove(String nodeId) {
        for (ClusterNode n : nodes()) {
            if (n.row().nodeId().equals(nodeId)) {
                if (n.status() == NodeStatus.UP) {
                    throw new IllegalStateException("Node " + nodeId + " is up: stop it first");
                }
                return store.delete(nodeId);
            }
        }
        return false;
    }

    /** Stops the heartbeats without a word, as a killed process would (tests). */
    synchronized void halt() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    /** Stops the heartbeats and marks the row stopped (shown as such, and free for a restart at once). */
    @Override
    public synchronized void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        timer = null;
        try {
            store.stopped(row.nodeId(), row.instance(), clock.getAsLong());
        } catch (RuntimeException e) {
            log.warn("Cannot mark this node stopped in the store: {}", e.toString());
        }
    }
}
