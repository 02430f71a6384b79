package io.tributary.integration.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The slots of a {@link DeliveryLoop}'s window: one per attempt outstanding. Like a semaphore
 * with one waiter (the delivery thread), except that a full window wakes its waiter only once a
 * batch of slots is free again ({@code wakeAt}), not at every release: with a destination that
 * acknowledges in batches (a Kafka produce response completes hundreds of records) the delivery
 * thread then wakes once per batch and sends a burst, instead of waking, sending one record and
 * sleeping again for every acknowledgement (a futex wake-up and a context switch each). A
 * waiter also wakes after at most {@value #MAX_PARK_MICROS} µs and takes any free slot, so a
 * window that frees fewer slots than a batch costs at most that much delay.
 */
final class DeliveryWindow {
    static final long MAX_PARK_MICROS = 2_000;

    private final AtomicInteger free;
    private final int wakeAt;
    private volatile Thread waiter;

    DeliveryWindow(int size) {
        this.free = new AtomicInteger(size);
        // small windows (a slow, one-at-a-time destination) wake at every slot
        this.wakeAt = size >= 256 ? Math.min(64, size / 8) : 1;
    }

    /** Takes a slot, waiting up to {@code timeout} for one; only one thread may wait at a time. */
    boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = 0;
        while (true) {
            int f = free.get();
            if (f > 0) {
                if (free.compareAndSet(f, f - 1)) {
                    return true;
                }
                continue;
            }
            long now = System.nanoTime();
            if (deadline == 0) {
                deadline = now + unit.toNanos(timeout);
            } else if (now - deadline >= 0) {
                return false;
            }
            waiter = Thread.currentThread();
            try {
                // a release that made wakeAt free before we were visible did not wake us: look again
                if (free.get() < wakeAt) {
                    LockSupport.parkNanos(this, Math.min(deadline - now, TimeUnit.MICROSECONDS.toNanos(MAX_PARK_MICROS)));
                }
            } finally {
                waiter = null;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Gives a slot back. */
    void release() {
        int f = free.incrementAndGet();
        if (f >= wakeAt) {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    /** Slots free now. */
    int available() {
        return free.get();
    }
}
