package io.tributary.storage;

import io.tributary.concurrent.Daemons;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes this node follow configuration changes other nodes make in the shared store: polls the
 * {@link ConfigJournal} (every second by default) and tells the {@link Target} which integration,
 * or that the MQTT users or ACL rules, changed. Its own changes are skipped: the node applied them
 * when it made them.
 *
 * <p>Why polling and not PostgreSQL's LISTEN/NOTIFY: the journal row commits with the change, so
 * nothing is lost while a node is down, reconnecting or slow (a NOTIFY sent meanwhile is gone and
 * would need this same catch-up anyway); it needs no connection held outside the pool, works
 * through connection poolers, and the cost is one indexed query per node per second. A node that
 * fell behind further than the journal keeps (rows are pruned after {@link #RETENTION}) reloads
 * everything.
 */
public final class ConfigSync implements AutoCloseable {
    /** How long journal rows are kept. */
    static final Duration RETENTION = Duration.ofHours(1);
    private static final int BATCH = 1000;
    private static final Logger log = LoggerFactory.getLogger(ConfigSync.class);

    /** What a change means for the running node. */
    public interface Target {
        /** Integration {@code id} was created, updated, enabled, disabled or deleted. */
        void integrationChanged(String id);

        /** MQTT users changed: reload them. */
        void usersChanged();

        /** ACL rules changed: reload them. */
        void aclChanged();

        /** Changes were missed (pruned before this node saw them): reload every integration, users and rules. */
        void everythingChanged();
    }

    private final ConfigJournal journal;
    private final Target target;
    private final long intervalMillis;
    private ScheduledExecutorService poller;
    private long seen;
    private long lastPrune;
    private boolean failing;

    public ConfigSync(ConfigJournal journal, Target target, Duration interval) {
        this.journal = journal;
        this.target = target;
        this.intervalMillis = Math.max(10, interval.toMillis());
    }

    /**
     * Starts polling for changes after version {@code since}: the journal's version read before the
     * node loaded its configuration (a change made meanwhile is then applied once more, which is
     * harmless; one missed would not be).
     */
    public synchronized ConfigSync start(long since) {
        seen = since;
        poller = Daemons.timer("config-sync");
        poller.scheduleWithFixedDelay(this::pollQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The last version this node has applied. */
    public synchronized long seen() {
        return seen;
    }

    private void pollQuietly() {
        try {
            poll();
            if (failing) {
                log.info("Following configuration changes again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) { // once per outage, not every second
                log.warn("Cannot read configuration changes from the shared store (retrying): {}", e.toString());
                failing = true;
            }
        }
    }

    /** Reads and applies what changed since the last poll. */
    synchronized void poll() {
        pruneNowAndThen();
        // the clock first: every version up to it is committed (versions commit in order), so
        // rows missing below it were pruned, not still being written
        long current = journal.current();
        if (current <= seen) {
            return;
        }
        List<ConfigJournal.Change> changes = journal.since(seen, BATCH);
        if (changes.isEmpty() || changes.get(0).version() > seen + 1) {
            log.warn("Configuration changes {}..{} are no longer in the journal: reloading everything",
                    seen + 1, changes.isEmpty() ? current : changes.get(0).version() - 1);
            target.everythingChanged();
            seen = changes.isEmpty() ? current : changes.get(changes.size() - 1).version();
            return;
        }
        Set<String> integrations = new LinkedHashSet<>();
        boolean users = false;
        boolean acl = false;
        for (ConfigJournal.Change c : changes) {
            if (journal.writer().equals(c.writer()) || c.scope() == null) {
                continue;
            }
            switch (c.scope()) {
                case INTEGRATION -> integrations.add(c.item());
                case MQTT_USERS -> users = true;
                case MQTT_ACL -> acl = true;
                default -> { }
            }
        }
        for (String id : integrations) {
            try {
                target.integrationChanged(id);
            } catch (RuntimeException e) {
                log.error("Applying the change of integration {} made on another node failed", id, e);
            }
        }
        if (users) {
            target.usersChanged();
        }
        if (acl) {
            target.aclChanged();
        }
        seen = changes.get(changes.size() - 1).version();
    }

    private void pruneNowAndThen() {
        long now = System.currentTimeMillis();
        if (now - lastPrune > Duration.ofMinutes(5).toMillis()) {
            lastPrune = now;
            journal.prune(now - RETENTION.toMillis());
        }
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }
}
