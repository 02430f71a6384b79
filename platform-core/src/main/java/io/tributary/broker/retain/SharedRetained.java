package io.tributary.broker.retain;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.message.MessageCodec;
import io.tributary.broker.message.RecordBuffer;
import io.tributary.concurrent.Daemons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Retained messages shared by the nodes of a cluster: the shared store holds them, each node
 * keeps its {@link RetainedStore} as the cache subscriptions read. Every {@code interval} a node
 * writes the retained messages its clients set or cleared, then applies what the other nodes
 * wrote since it last looked (by version, as the configuration journal does). At start the
 * shared store replaces what the node's own journal restored: it is the truth.
 *
 * <p>Of two changes to one topic the higher version wins on every node: a node does not apply a
 * change older than one it wrote itself, nor one for a topic whose local change is still to be
 * written (that one will be newer). A new subscriber gets what its node has applied, so a
 * retained message set on another node reaches it within about one interval. Cleared topics are
 * kept a day for nodes that lag.
 */
public final class SharedRetained implements RetainedJournal, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedRetained.class);
    private static final int BATCH = 1000;
    static final long KEEP_CLEARED_MILLIS = Duration.ofDays(1).toMillis();
    private static final long PRUNE_EVERY_MILLIS = Duration.ofMinutes(10).toMillis();

    /** A local change waiting to be written; {@code message} null when the topic was cleared. */
    private record Pending(BrokerMessage message) {
    }

    private final RetainedStore retained;
    private final SharedRetainedStore store;
    private final String writer;
    private final long intervalMillis;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    /** The newest version this node holds per topic (applied or written). */
    private final Map<String, Long> versions = new HashMap<>();
    private ScheduledExecutorService timer;
    private long seen;
    private long lastPrune;
    private boolean failing;

    public SharedRetained(RetainedStore retained, SharedRetainedStore store, String nodeId, Duration interval) {
        this.retained = retained;
        this.store = store;
        this.writer = nodeId + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.intervalMillis = Math.max(10, interval.toMillis());
    }

    /** Loads the shared retained messages in place of the local ones, then follows changes both ways. */
    public synchronized SharedRetained start() {
        seen = store.current(); // first: a change committed meanwhile is read again, harmlessly
        Set<String> shared = new HashSet<>();
        for (RetainedChange c : store.retained()) {
            shared.add(c.topic());
            versions.merge(c.topic(), c.version(), Math::max);
            retained.applyShared(c.topic(), decode(c.message()), () -> true);
        }
        int dropped = 0;
        for (String topic : retained.topics()) {
            if (!shared.contains(topic)) {
                retained.applyShared(topic, null, () -> true);
                dropped++;
            }
        }
        log.info("{} retained message(s) from the shared store{}", shared.size(),
                dropped == 0 ? "" : "; " + dropped + " only in this node's journal dropped");
        retained.replicateTo(this);
        timer = Daemons.timer("retained-sync");
        timer.scheduleWithFixedDelay(this::tickQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** A client set or cleared a retained message here (called under the retained store's lock). */
    @Override
    public long retained(String topic, BrokerMessage message) {
        synchronized (pending) {
            pending.remove(topic); // re-inserted last: written in the order they happened
            pending.put(topic, new Pending(message));
        }
        return -1;
    }

    private boolean notPending(String topic) {
        synchronized (pending) {
            return !pending.containsKey(topic);
        }
    }

    private void tickQuietly() {
        try {
            tick();
            if (failing) {
                log.info("Retained messages are shared with the other nodes again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("Cannot share retained messages with the other nodes (retrying): {}", e.toString());
                failing = true;
            }
        }
    }

    /** Writes local changes, then applies the other nodes'. */
    synchronized void tick() {
        write();
        List<RetainedChange> changes;
        do {
            changes = store.since(seen, BATCH);
            for (RetainedChange c : changes) {
                seen = Math.max(seen, c.version());
                Long mine = versions.get(c.topic());
                if (writer.equals(c.writer()) || (mine != null && mine >= c.version())) {
                    continue;
                }
                versions.put(c.topic(), c.version());
                retained.applyShared(c.topic(), decode(c.message()), () -> notPending(c.topic()));
            }
        } while (changes.size() == BATCH);
        long now = System.currentTimeMillis();
        if (now - lastPrune > PRUNE_EVERY_MILLIS) {
            lastPrune = now;
            store.pruneCleared(KEEP_CLEARED_MILLIS);
        }
    }

    private void write() {
        Map<String, Pending> batch;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            batch = new LinkedHashMap<>(pending);
        }
        List<RetainedChange> changes = new ArrayList<>(batch.size());
        batch.forEach((topic, p) -> changes.add(new RetainedChange(topic, encode(p.message()), 0, writer)));
        versions.putAll(store.write(changes, writer));
        synchronized (pending) {
            // a change made while writing stays for the next time
            batch.forEach((topic, p) -> pending.remove(topic, p));
        }
    }

    private static byte[] encode(BrokerMessage m) {
        if (m == null) {
            return null;
        }
        RecordBuffer out = new RecordBuffer(m.payload().length + m.topic().length() + 64);
        MessageCodec.encode(m, out);
        return Arrays.copyOf(out.array(), out.length());
    }

    private static BrokerMessage decode(byte[] bytes) {
        return bytes == null ? null : MessageCodec.decode(ByteBuffer.wrap(bytes));
    }

    @Override
    public synchronized void close() {
        retained.replicateTo(null);
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
