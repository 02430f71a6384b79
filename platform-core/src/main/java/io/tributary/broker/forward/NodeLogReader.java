package io.tributary.broker.forward;

import io.tributary.broker.BrokerCore;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.routing.MessageRouter;
import io.tributary.broker.session.Session;
import io.tributary.plugin.api.cluster.PartitionListener;
import io.tributary.plugin.api.cluster.SharedLogReader;
import io.tributary.plugin.api.cluster.SharedLogs;
import io.tributary.plugin.api.cluster.SharedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads this node's log on its own thread and delivers each forwarded message to the local
 * subscribers. Positions are committed after a batch is delivered (and journaled for persistent
 * sessions). Messages received before this reader started were meant for the subscribers of an
 * earlier run of the node (a crash, a stop): they go to the persistent sessions this run restored
 * from its journal, which are those subscribers, and to no session made since (a new subscriber
 * gets what is published from its subscription on, as on a single broker; clocks of the nodes are
 * assumed to agree within the skew NTP gives). Sessions
 * moved here and messages relayed for them are never skipped: they are this node's now.
 */
final class NodeLogReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeLogReader.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final BrokerCore core;
    private final MovedSessions sessions;
    private final SharedLogs logs;
    private final String logName;
    private final String group;
    private final long startedAt = System.currentTimeMillis();
    /** The sessions this node restored from its journal (those there when the reader started), by identity. */
    private final Set<Session> restored = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private volatile boolean running = true;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    /** Records of the batch being read that were forwarded before this run started. */
    private int stale;
    /** The group gave this reader its partitions (it reads the node log alone). */
    private volatile boolean assigned;
    private Thread thread;

    NodeLogReader(BrokerCore core, SharedLogs logs, String logName, String group, MovedSessions sessions) {
        this.core = core;
        this.sessions = sessions;
        this.logs = logs;
        this.logName = logName;
        this.group = group;
    }

    NodeLogReader start() {
        restored.addAll(core.sessions().all());
        thread = new Thread(this::run, "node-log-reader");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run() {
        boolean failing = false;
        // as a static member named after the node: restarted after a crash, it reads at once
        // instead of waiting until the dead run is timed out of the group
        try (SharedLogReader reader = logs.reader(logName, group, group, new PartitionListener() {
            @Override
            public void assigned(Set<Integer> partitions) {
                assigned = true;
            }

            @Override
            public void revoked(Set<Integer> partitions) {
                // every batch is committed as soon as it is delivered: nothing is pending here
            }
        })) {
            while (running) {
                try {
                    List<SharedRecord> records = reader.poll(POLL);
                    if (records.isEmpty()) {
                        if (assigned) { // an empty poll before the assignment says nothing
                            caughtUp.complete(null);
                        }
                        continue;
                    }
                    Map<Integer, Long> next = new HashMap<>();
                    List<CompletableFuture<Void>> journaled = new ArrayList<>();
                    stale = 0;
                    for (SharedRecord r : records) {
                        next.put(r.partition(), r.offset() + 1);
                        deliver(r, journaled);
                    }
                    if (!journaled.isEmpty()) {
                        CompletableFuture.allOf(journaled.toArray(CompletableFuture[]::new))
                                .get(30, TimeUnit.SECONDS);
                    }
                    reader.commit(next);
                    if (stale == 0) {
                        caughtUp.complete(null); // only messages of this run: what the last run left is read
                    }
                    if (failing) {
                        log.info("Reading messages forwarded by other nodes works again");
                        failing = false;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    if (!running) {
                        return;
                    }
                    if (!failing) {
                        log.warn("Cannot read the messages other nodes forward to this one from {} (retrying): {}",
                                logName, e.toString());
                        failing = true;
                    }
                    sleep();
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                log.error("Reading log {} stopped: messages published on other nodes no longer reach this node's "
                        + "subscribers", logName, e);
            }
        }
    }

    private void deliver(SharedRecord r, List<CompletableFuture<Void>> journaled) {
        ForwardRecord.Forward forward;
        try {
            byte kind = ForwardRecord.kind(r.value());
            if (kind == ForwardRecord.SESSION || kind == ForwardRecord.DELIVERY) {
                // never stale, whenever written: a session moved here, or a message for one
                CompletableFuture<Void> done;
                if (kind == ForwardRecord.SESSION) {
                    ForwardRecord.MovedSession s = ForwardRecord.decodeSession(r.value());
                    done = sessions.session(s.clientId(), s.image());
                } else {
                    ForwardRecord.MovedDelivery d = ForwardRecord.decodeDelivery(r.value());
                    done = sessions.delivery(d.clientId(), d.delivery());
                }
                if (!done.isDone()) {
                    journaled.add(done);
                }
                return;
            }
            forward = ForwardRecord.decode(r.value());
        } catch (RuntimeException e) {
            log.warn("Skipping an unreadable record at {}/{} of {}: {}", r.partition(), r.offset(), logName,
                    e.toString());
            return;
        }
        if (forward == null) {
            return; // a kind a newer version writes: not for this one
        }
        BrokerMessage message = forward.message();
        if (message.expired(System.currentTimeMillis())) {
            return;
        }
        // forwarded before this run started: meant for the sessions of the last run, i.e. those restored
        boolean earlier = message.receivedAt() < startedAt;
        if (earlier) {
            stale++;
        }
        CompletableFuture<Void> done = core.deliverForwarded(message, forward.unshared(), forward.groups(),
                earlier ? restored::contains : MessageRouter.ANY_SESSION);
        if (!done.isDone()) {
            journaled.add(done);
        }
    }

    /** Completes once what the log held for the sessions of the node's last run has been delivered. */
    CompletableFuture<Void> caughtUp() {
        return caughtUp;
    }

    private void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
