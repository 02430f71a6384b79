package io.tributary.integration.log;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.message.MessageCodec;
import io.tributary.broker.message.RecordBuffer;
import io.tributary.plugin.api.cluster.PartitionListener;
import io.tributary.plugin.api.cluster.SharedLogException;
import io.tributary.plugin.api.cluster.SharedLogReader;
import io.tributary.plugin.api.cluster.SharedLogs;
import io.tributary.plugin.api.cluster.SharedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An integration's log carried by a cluster's shared log (a partitioned topic): a broker node
 * appends (the publisher's client id as key, so one client's messages stay in order), an
 * executor node reads the partitions its consumer group gives it.
 *
 * <p>The {@link IntegrationLog} contract holds with offsets of this adapter's own: records get
 * consecutive local offsets as {@link #poll} hands them out, and {@link #commit} maps a local
 * offset back to, per partition, the offset after the last record below it, which is committed
 * to the shared log on the reading thread. Appends have offsets of their own, used only by
 * {@link #whenStored}, which completes when the shared log acknowledged the record.
 *
 * <p>{@link #poll} waits up to 50 ms for the shared log when nothing is fetched (the delivery
 * thread is the reading thread; it is told of appends on other nodes only this way).
 *
 * <p>When a partition moves to another node, what was read of it and not committed is read again
 * there (at least once); those records are counted by {@link #redelivered()}.
 */
final class SharedIntegrationLog implements IntegrationLog, PartitionListener {
    private static final Logger log = LoggerFactory.getLogger(SharedIntegrationLog.class);
    private static final CompletableFuture<Void> STORED = CompletableFuture.completedFuture(null);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final long COMMIT_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int REMEMBERED_FAILURES = 10_000;

    private final SharedLogs logs;
    private final String name;
    private final String integration;
    private final boolean reads;

    // appending: any thread
    private final AtomicLong appended = new AtomicLong();
    private final Map<Long, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    /** Appends the shared log gave up on: never acknowledged to their publishers. */
    private final Set<Long> failed = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > REMEMBERED_FAILURES;
        }
    });

    // reading: the reader is used by one thread at a time; the state below is guarded by this
    private SharedLogReader reader;
    private final ArrayDeque<SharedRecord> fetched = new ArrayDeque<>();
    private final ArrayDeque<Handed> handed = new ArrayDeque<>();
    private final Map<Integer, Long> toCommit = new HashMap<>();
    private final Set<Integer> owned = new HashSet<>();
    private boolean commitDue;
    private long lastCommitNanos;
    private long readPosition;
    private long committed;
    private long fetchedBytes;
    private long handedBytes;
    private long unreadable;
    private long redelivered;
    private boolean closed;

    /** A record handed to delivery: its local offset and where it is in the shared log (partition -1: moved away). */
    private static final class Handed {
        final long local;
        int partition;
        final long offset;
        final int size;

        Handed(long local, int partition, long offset, int size) {
            this.local = local;
            this.partition = partition;
            this.offset = offset;
            this.size = size;
        }
    }

    /**
     * @param name  the shared log's name (created by {@link IntegrationLogs})
     * @param reads whether this node reads it (an executor); a broker-only node only appends
     */
    SharedIntegrationLog(SharedLogs logs, String name, String integration, boolean reads) {
        this.logs = logs;
        this.name = name;
        this.integration = integration;
        this.reads = reads;
    }

    @Override
    public long append(BrokerMessage message) {
        RecordBuffer buffer = new RecordBuffer(128 + message.payload().length);
        MessageCodec.encode(message, buffer);
        byte[] record = java.util.Arrays.copyOf(buffer.array(), buffer.length());
        long offset = appended.getAndIncrement();
        CompletableFuture<Void> stored = new CompletableFuture<>();
        pending.put(offset, stored);
        pendingBytes.addAndGet(record.length);
        logs.append(name, key(message), record).whenComplete((v, e) -> {
            pendingBytes.addAndGet(-record.length);
            if (e == null) {
                pending.remove(offset);
                stored.complete(null);
                return;
            }
            synchronized (failed) {
                failed.add(offset);
            }
            pending.remove(offset);
            // the publisher is never acknowledged: it sends the message again
            log.warn("Integration {}: a message could not be stored in the shared log: {}", integration, e.getMessage());
        });
        return offset;
    }

    /** The publisher's client id: one client's messages go to one partition, in order. */
    private static byte[] key(BrokerMessage m) {
        String key = m.publisherId() != null ? m.publisherId() : m.origin() != null ? "integration:" + m.origin() : "";
        return key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public CompletableFuture<Void> whenStored(long offset) {
        CompletableFuture<Void> f = pending.get(offset);
        if (f != null) {
            return f;
        }
        synchronized (failed) {
            return failed.contains(offset) ? new CompletableFuture<>() : STORED;
        }
    }

    @Override
    public LogRecord poll() {
        if (!reads) {
            return null;
        }
        SharedLogReader r = reader();
        if (r == null) {
            return null;
        }
        commitIfDue(r);
        boolean empty;
        synchronized (this) {
            empty = fetched.isEmpty();
        }
        if (empty) {
            List<SharedRecord> got;
            try {
                got = r.poll(POLL); // the listener runs in here, on this thread
            } catch (SharedLogException e) {
                throw new LogReadException(e.getMessage(), e);
            }
            synchronized (this) {
                for (SharedRecord s : got) {
                    if (owned.contains(s.partition())) {
                        fetched.add(s);
                        fetchedBytes += s.value().length;
                    }
                }
            }
        }
        return next();
    }

    private synchronized LogRecord next() {
        while (true) {
            SharedRecord s = fetched.poll();
            if (s == null) {
                return null;
            }
            fetchedBytes -= s.value().length;
            long local = readPosition++;
            handed.add(new Handed(local, s.partition(), s.offset(), s.value().length));
            handedBytes += s.value().length;
            try {
                return new LogRecord(local, MessageCodec.decode(ByteBuffer.wrap(s.value())), s.value().length);
            } catch (RuntimeException e) {
                // passed over: the delivery counts a skipped offset as done
                unreadable++;
                log.error("Integration {}: unreadable record at partition {} offset {} skipped: {}", integration,
                        s.partition(), s.offset(), e.toString());
            }
        }
    }

    private synchronized SharedLogReader reader() {
        if (reader == null && !closed) {
            reader = logs.reader(name, name, this);
        }
        return reader;
    }

    @Override
    public synchronized void commit(long offset) {
        while (!handed.isEmpty() && handed.peek().local < offset) {
            Handed h = handed.poll();
            handedBytes -= h.size;
            if (h.partition >= 0) {
                toCommit.merge(h.partition, h.offset + 1, Math::max);
                commitDue = true;
            }
        }
        committed = Math.max(committed, offset);
    }

    /** Commits what is done to the shared log, at most every 100 ms; on the reading thread. */
    private void commitIfDue(SharedLogReader r) {
        Map<Integer, Long> offsets;
        synchronized (this) {
            if (!commitDue || System.nanoTime() - lastCommitNanos < COMMIT_EVERY_NANOS) {
                return;
            }
            offsets = due(owned);
        }
        commitNow(r, offsets);
    }

    /** What is done of {@code partitions} and not committed yet; taken out of {@link #toCommit}. */
    private Map<Integer, Long> due(Set<Integer> partitions) {
        Map<Integer, Long> offsets = new HashMap<>();
        toCommit.forEach((p, o) -> {
            if (partitions.contains(p)) {
                offsets.put(p, o);
            }
        });
        toCommit.keySet().removeAll(offsets.keySet());
        commitDue = !toCommit.isEmpty();
        lastCommitNanos = System.nanoTime();
        return offsets;
    }

    private void commitNow(SharedLogReader r, Map<Integer, Long> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            r.commit(offsets);
        } catch (SharedLogException e) {
            // a later commit of the same partitions covers these (offsets only grow)
            synchronized (this) {
                offsets.forEach((p, o) -> {
                    if (owned.contains(p)) {
                        toCommit.merge(p, o, Math::max);
                        commitDue = true;
                    }
                });
            }
            log.warn("Integration {}: commit to the shared log failed: {}", integration, e.getMessage());
        }
    }

    @Override
    public synchronized void assigned(Set<Integer> partitions) {
        owned.addAll(partitions);
        log.info("Integration {}: this node now reads partitions {} (all: {})", integration, partitions, owned);
    }

    @Override
    public void revoked(Set<Integer> partitions) {
        Map<Integer, Long> offsets;
        SharedLogReader r;
        synchronized (this) {
            r = reader;
            offsets = due(partitions);
        }
        if (r != null) {
            commitNow(r, offsets); // before the next owner starts reading them
        }
        giveUp(partitions);
    }

    @Override
    public void lost(Set<Integer> partitions) {
        giveUp(partitions);
    }

    /** Forgets the partitions: what was fetched is dropped, what is in delivery is read again by their next owner. */
    private synchronized void giveUp(Set<Integer> partitions) {
        owned.removeAll(partitions);
        fetched.removeIf(s -> {
            if (partitions.contains(s.partition())) {
                fetchedBytes -= s.value().length;
                return true;
            }
            return false;
        });
        long moved = 0;
        for (Handed h : handed) {
            if (partitions.contains(h.partition)) {
                h.partition = -1;
                moved++;
            }
        }
        toCommit.keySet().removeAll(partitions);
        redelivered += moved;
        log.info("Integration {}: partitions {} moved to another node ({} message(s) in delivery here will be "
                + "delivered there again)", integration, partitions, moved);
    }

    /**
     * Delivery stopped: what is done is committed, the reader leaves the group (its partitions
     * go to the other executors) and what was read but not done is read again on the next poll.
     */
    @Override
    public void rewind() {
        SharedLogReader r;
        Map<Integer, Long> offsets;
        synchronized (this) {
            r = reader;
            reader = null;
            offsets = due(owned);
            owned.clear();
            fetched.clear();
            fetchedBytes = 0;
            handed.clear();
            handedBytes = 0;
            toCommit.clear();
            commitDue = false;
            readPosition = committed;
        }
        if (r != null) {
            commitNow(r, offsets);
            closeQuietly(r);
        }
    }

    @Override
    public void maintain() {
        SharedLogReader r;
        synchronized (this) {
            r = reader;
        }
        if (r != null) {
            commitIfDue(r);
        }
    }

    @Override
    public synchronized long committed() {
        return committed;
    }

    @Override
    public synchronized long readPosition() {
        return readPosition;
    }

    /** One past the read position while reading: the shared log may hold more than was fetched. */
    @Override
    public synchronized long end() {
        return readPosition + (reads && !closed ? 1 : 0);
    }

    /** Appends not yet acknowledged, plus records read here and not yet committed. */
    @Override
    public long messages() {
        long local;
        synchronized (this) {
            local = fetched.size() + handed.size();
        }
        return pending.size() + local;
    }

    @Override
    public long bytes() {
        long local;
        synchronized (this) {
            local = fetchedBytes + handedBytes;
        }
        return pendingBytes.get() + local;
    }

    @Override
    public synchronized long unreadable() {
        return unreadable;
    }

    @Override
    public synchronized List<Integer> partitions() {
        return owned.stream().sorted().toList();
    }

    @Override
    public synchronized long redelivered() {
        return redelivered;
    }

    /** Waits (a while) for appends in flight, then leaves the group after committing what is done. */
    @Override
    public void close() {
        awaitAppends(Duration.ofSeconds(10));
        synchronized (this) {
            closed = true; // no reader is made again
        }
        rewind();
    }

    private void awaitAppends(Duration timeout) {
        try {
            CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("Integration {}: {} message(s) not acknowledged by the shared log at close", integration,
                    pending.size());
        }
    }

    /** The integration is deleted: the shared log and its group go, on every node that does this. */
    @Override
    public long discard() {
        long left = messages();
        close();
        try {
            logs.delete(name, Duration.ofSeconds(10));
        } catch (SharedLogException e) {
            log.warn("Integration {}: deleting its shared log failed: {}", integration, e.getMessage());
        }
        return left;
    }

    private void closeQuietly(SharedLogReader r) {
        try {
            r.close();
        } catch (RuntimeException e) {
            log.warn("Integration {}: closing its shared log reader failed: {}", integration, e.toString());
        }
    }
}
