package io.tributary.integration.runtime;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.routing.IntegrationSink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The entrance to an integration: its bounded queue, the QoS 1/2 messages waiting for room
 * (whose publishers are held by backpressure), and retries that are due. Never blocks the
 * broker: {@link #offer} returns a future instead.
 */
final class Admission implements IntegrationSink {
    private static final CompletableFuture<Void> ACCEPTED = CompletableFuture.completedFuture(null);

    private final IntegrationQueue queue;
    private final IntegrationStats stats;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final ArrayDeque<QueuedMessage> retries = new ArrayDeque<>();
    private boolean closed;

    Admission(IntegrationQueue queue, IntegrationStats stats) {
        this.queue = queue;
        this.stats = stats;
    }

    @Override
    public CompletableFuture<Void> offer(BrokerMessage message) {
        stats.matched.increment();
        lock.lock();
        try {
            if (closed) {
                stats.abandoned.increment();
                return ACCEPTED;
            }
            if (waiters.isEmpty() && queue.offer(new QueuedMessage(message, 0))) {
                available.signal();
                return ACCEPTED;
            }
            if (message.qos() == 0) {
                stats.dropped.increment();
                return ACCEPTED;
            }
            Waiter w = new Waiter(message);
            waiters.add(w);
            return w.future;
        } finally {
            lock.unlock();
        }
    }

    /** A failed message whose retry delay has passed: goes before the queue, not bounded by it. */
    void retry(QueuedMessage message) {
        lock.lock();
        try {
            if (closed) {
                stats.abandoned.increment();
                return;
            }
            retries.add(message);
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Next message to deliver, waiting up to {@code timeoutMillis}; {@code null} if none. */
    QueuedMessage take(long timeoutMillis) throws InterruptedException {
        List<Waiter> admitted = null;
        QueuedMessage next;
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (retries.isEmpty() && queue.size() == 0) {
                if (nanos <= 0 || closed) {
                    return null;
                }
                nanos = available.awaitNanos(nanos);
            }
            next = retries.isEmpty() ? queue.poll() : retries.poll();
            // room freed: admit waiting QoS 1/2 messages in arrival order
            while (!waiters.isEmpty() && queue.offer(new QueuedMessage(waiters.peek().message, 0))) {
                if (admitted == null) {
                    admitted = new ArrayList<>();
                }
                admitted.add(waiters.poll());
            }
        } finally {
            lock.unlock();
        }
        if (admitted != null) {
            admitted.forEach(w -> w.future.complete(null));
        }
        return next;
    }

    /** Messages queued, waiting for room and waiting for retry. */
    int size() {
        lock.lock();
        try {
            return queue.size() + waiters.size() + retries.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the entrance: everything still queued is abandoned and waiting publishers are
     * released. Returns the number of messages abandoned.
     */
    int close() {
        List<Waiter> released;
        int abandoned;
        lock.lock();
        try {
            closed = true;
            abandoned = queue.clear() + waiters.size() + retries.size();
            released = new ArrayList<>(waiters);
            waiters.clear();
            retries.clear();
            available.signalAll();
        } finally {
            lock.unlock();
        }
        released.forEach(w -> w.future.complete(null));
        stats.abandoned.add(abandoned);
        return abandoned;
    }

    private static final class Waiter {
        final BrokerMessage message;
        final CompletableFuture<Void> future = new CompletableFuture<>();

        Waiter(BrokerMessage message) {
            this.message = message;
        }
    }
}
