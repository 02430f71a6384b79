package io.tributary.integration.runtime;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.routing.IntegrationSink;
import io.tributary.integration.log.IntegrationLog;
import io.tributary.integration.log.LogRecord;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything between the broker and one integration's delivery, for as long as the integration
 * exists (running, disabled, failed or without its plugin): its {@link IntegrationLog}, the
 * bounds on it, the QoS 1/2 publishers held while it is full, retries that are due, and which
 * read records are done. Never blocks the broker: {@link #offer} returns a future.
 */
final class IntegrationChannel implements IntegrationSink {
    private static final CompletableFuture<Void> ACCEPTED = CompletableFuture.completedFuture(null);

    /** Told when the log turns full (publishers start being held or QoS 0 dropped). */
    interface FullListener {
        void full(IntegrationChannel channel);
    }

    /**
     * A record on its way to the plugin.
     *
     * @param record   the record read from the log
     * @param attempts attempts made before this one (0 for the first); a retry holds its window slot
     * @param epoch    read position generation; results of an older one are ignored
     */
    record Attempt(LogRecord record, int attempts, long epoch) {
        Attempt next() {
            return new Attempt(record, attempts + 1, epoch);
        }
    }

    private final IntegrationLog log;
    private final long maxMessages;
    private final long maxBytes;
    private final IntegrationStats stats;
    private final FullListener fullListener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Held publishes per publisher (client id; an integration's origin): who is held back. */
    private final HashMap<String, Integer> heldBy = new HashMap<>();
    private final ArrayDeque<Attempt> dueRetries = new ArrayDeque<>();
    /** Whether {@link #dueRetries} may hold any: the delivery thread looks without the lock per record. */
    private volatile boolean retriesDue;
    private final AckTracker tracker;
    private volatile long epoch;
    private volatile long fullSince;
    private boolean deleted;
    /** The log's {@link IntegrationLog#redelivered()} already added to the statistics; delivery thread only. */
    private long redeliveredByLog;

    IntegrationChannel(IntegrationLog log, long maxMessages, long maxBytes, IntegrationStats stats,
                       FullListener fullListener) {
        this.log = log;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.stats = stats;
        this.fullListener = fullListener;
        this.tracker = new AckTracker(log.committed());
    }

    IntegrationLog log() {
        return log;
    }

    /**
     * Appends the message to the log when there is room. A full log holds QoS 1/2 messages
     * (their publishers wait: backpressure) and drops QoS 0 ones (counted). A client event is
     * never held (no publisher waits for it, and the broker must not wait): it is stored like a
     * QoS 1 message, and dropped (counted) when the log is full.
     */
    @Override
    public CompletableFuture<Void> offer(BrokerMessage message) {
        stats.matched.increment();
        CompletableFuture<Void> result;
        boolean turnedFull;
        lock.lock();
        try {
            if (deleted) {
                return ACCEPTED;
            }
            if (waiters.isEmpty() && hasRoom()) {
                long offset = log.append(message);
                ready.signal();
                return message.qos() == 0 || message.isClientEvent() ? ACCEPTED : log.whenStored(offset);
            }
            turnedFull = markFull();
            if (message.qos() == 0 || message.isClientEvent()) {
                stats.dropped.increment();
                result = ACCEPTED;
            } else {
                Waiter w = new Waiter(message);
                waiters.add(w);
                heldBy.merge(w.publisher, 1, Integer::sum);
                result = w.future;
            }
        } catch (RuntimeException e) {
            // the log cannot take it (closed, or broken): the publisher must not be told it is stored
            return CompletableFuture.failedFuture(e);
        } finally {
            lock.unlock();
        }
        if (turnedFull) {
            fullListener.full(this);
        }
        return result;
    }

    /**
     * Puts a message back into the log (a dead letter replayed), if there is room.
     *
     * @return completes when stored; {@code null} when the log is full
     */
    CompletableFuture<Void> append(BrokerMessage message) {
        lock.lock();
        try {
            if (deleted || !waiters.isEmpty() || !hasRoom()) {
                return null;
            }
            long offset = log.append(message);
            ready.signal();
            return log.whenStored(offset);
        } finally {
            lock.unlock();
        }
    }

    /** A due retry, else {@code null}; never waits. */
    Attempt dueRetry() {
        if (!retriesDue) {
            return null; // the common case, without taking the lock the broker's appends hold
        }
        lock.lock();
        try {
            Attempt a = dueRetries.poll();
            retriesDue = !dueRetries.isEmpty();
            return a;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next attempt: a due retry first, else the next unread record; waits up to
     * {@code timeoutMillis} for one. Called by one delivery thread.
     *
     * @throws io.tributary.integration.log.LogReadException when the log cannot be read
     */
    Attempt next(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            Attempt retry = dueRetry();
            if (retry != null) {
                return retry;
            }
            long e = epoch;
            LogRecord r = log.poll(); // outside the lock: may read a file
            if (r != null) {
                tracker.read(r.offset());
                return new Attempt(r, 0, e);
            }
            lock.lock();
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                if (!dueRetries.isEmpty()) {
                    continue;
                }
                if (log.readPosition() < log.end()) {
                    // appended but not yet readable (being written): look again shortly
                    left = Math.min(left, TimeUnit.MILLISECONDS.toNanos(5));
                }
                ready.awaitNanos(left);
            } finally {
                lock.unlock();
            }
        }
    }

    /** The attempt failed and is to be tried again now; it keeps its window slot. */
    void retryNow(Attempt attempt) {
        lock.lock();
        try {
            if (attempt.epoch() == epoch && !deleted) {
                dueRetries.add(attempt);
                retriesDue = true;
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The attempt's record is done with (delivered, dead-lettered or given up): it may be committed. */
    void done(Attempt attempt) {
        if (attempt.epoch() != epoch) {
            return; // read before a rewind: it will be read again
        }
        long committed = tracker.done(attempt.record().offset());
        if (committed >= 0) {
            log.commit(committed);
            admitWaiters();
        }
    }

    /** Persists the committed offset, reclaims the log and lets held publishers in as room appears. */
    void maintain() {
        log.maintain();
        long moved = log.redelivered();
        if (moved > redeliveredByLog) {
            stats.redelivered.add(moved - redeliveredByLog); // a shared log's partitions moved to another node
            redeliveredByLog = moved;
        }
        admitWaiters();
    }

    /**
     * Delivery stopped: attempts in flight or waiting are forgotten and the read position goes
     * back to the committed offset, so they are read (delivered) again when delivery resumes.
     */
    void rewind() {
        lock.lock();
        try {
            epoch++;
            dueRetries.clear();
            retriesDue = false;
            stats.redelivered.add(tracker.doneAboveCommitted());
            tracker.reset(log.committed());
            log.rewind();
        } finally {
            lock.unlock();
        }
    }

    /** Messages in the log not yet delivered, plus held ones. */
    long queued() {
        lock.lock();
        try {
            return log.messages() + waiters.size();
        } finally {
            lock.unlock();
        }
    }

    long queuedBytes() {
        return log.bytes();
    }

    /** Epoch millis since when the log has been full, or 0. */
    long fullSince() {
        return fullSince;
    }

    /** How many publishes are held because the log is full. */
    int held() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many distinct publishers (clients, or integrations publishing) have publishes held. */
    int heldPublishers() {
        lock.lock();
        try {
            return heldBy.size();
        } finally {
            lock.unlock();
        }
    }

    /** The integration is deleted: discards the log; held publishers are released. Returns messages discarded. */
    long discard() {
        List<Waiter> released;
        long discarded;
        lock.lock();
        try {
            deleted = true;
            heldBy.clear();
            released = new ArrayList<>(waiters);
            waiters.clear();
            dueRetries.clear();
            retriesDue = false;
            discarded = log.discard() + released.size();
            ready.signalAll();
        } finally {
            lock.unlock();
        }
        released.forEach(w -> w.future.complete(null));
        return discarded;
    }

    /** Platform stopping: the log is closed with everything in it; held publishers are never acknowledged. */
    void close() {
        lock.lock();
        try {
            ready.signalAll();
        } finally {
            lock.unlock();
        }
        log.close();
    }

    private boolean hasRoom() {
        return log.messages() < maxMessages && log.bytes() < maxBytes;
    }

    /** @return true when the log just turned full */
    private boolean markFull() {
        if (fullSince != 0) {
            return false;
        }
        fullSince = System.currentTimeMillis();
        return true;
    }

    private void admitWaiters() {
        if (fullSince == 0) {
            return; // nobody held (a waiter is only added once full), so no lock per delivered record
        }
        List<Waiter> admitted = null;
        List<Long> offsets = null;
        lock.lock();
        try {
            while (!waiters.isEmpty() && hasRoom()) {
                Waiter w = waiters.poll();
                heldBy.computeIfPresent(w.publisher, (k, n) -> n == 1 ? null : n - 1);
                long offset = log.append(w.message);
                if (admitted == null) {
                    admitted = new ArrayList<>();
                    offsets = new ArrayList<>();
                }
                admitted.add(w);
                offsets.add(offset);
            }
            if (admitted != null) {
                ready.signal();
            }
            if (waiters.isEmpty() && fullSince != 0 && hasRoom()) {
                fullSince = 0;
            }
        } finally {
            lock.unlock();
        }
        if (admitted != null) {
            for (int i = 0; i < admitted.size(); i++) {
                CompletableFuture<Void> held = admitted.get(i).future;
                log.whenStored(offsets.get(i)).whenComplete((v, e) -> held.complete(null));
            }
        }
    }

    private static final class Waiter {
        final BrokerMessage message;
        final String publisher;
        final CompletableFuture<Void> future = new CompletableFuture<>();

        Waiter(BrokerMessage message) {
            this.message = message;
            this.publisher = message.publisherId() != null ? message.publisherId()
                    : message.origin() != null ? "integration:" + message.origin() : "";
        }
    }
}
