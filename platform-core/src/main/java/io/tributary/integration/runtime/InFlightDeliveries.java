package io.tributary.integration.runtime;

import io.tributary.integration.runtime.IntegrationChannel.Attempt;
import io.tributary.plugin.api.message.IntegrationMessage;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * The deliveries a {@link DeliveryLoop} handed to its plugin and not yet finished, oldest
 * first, and their time limit: the loop {@link #sweep}s them every few milliseconds and fails
 * the ones older than the process timeout. This replaces a timer task per message
 * ({@code CompletableFuture.orTimeout}: a task in a global scheduler queue, added and removed
 * under its lock for every message) and the futures chained around the plugin's stage. Each
 * delivery is finished exactly once: by its stage or by the timeout, whichever comes first.
 *
 * <p>Threading: {@link #start} and {@link #sweep} on the delivery thread only; a delivery's
 * stage completes on any thread.
 */
final class InFlightDeliveries {
    /** What to do with a finished delivery: {@code error} is null on success. */
    interface Outcome {
        void finished(Attempt attempt, IntegrationMessage message, Throwable error);
    }

    private final long timeoutNanos;
    private final Outcome outcome;
    /** Started deliveries, oldest first; finished ones leave when they reach the head (or on compaction). */
    private final ArrayDeque<Delivery> started = new ArrayDeque<>();
    /** Size above which finished deliveries are removed from the middle too (a slow head must not grow it). */
    private final int compactAbove;

    InFlightDeliveries(long timeoutNanos, int window, Outcome outcome) {
        this.timeoutNanos = timeoutNanos;
        this.outcome = outcome;
        this.compactAbove = Math.max(1024, window * 4);
    }

    /** A delivery just handed to the plugin; complete it through its stage ({@code stage.whenComplete(d)}). */
    Delivery start(Attempt attempt, IntegrationMessage message, long startedNanos) {
        Delivery d = new Delivery(attempt, message, startedNanos, outcome);
        started.add(d);
        return d;
    }

    /** Fails the deliveries older than the timeout, and forgets the finished ones. */
    void sweep(long now) {
        Delivery head;
        while ((head = started.peek()) != null) {
            if (head.get()) {
                started.poll();
            } else if (now - head.startedNanos >= timeoutNanos) {
                started.poll();
                head.accept(null, new TimeoutException());
            } else {
                break;
            }
        }
        if (started.size() > compactAbove) {
            for (Iterator<Delivery> it = started.iterator(); it.hasNext(); ) {
                if (it.next().get()) {
                    it.remove();
                }
            }
        }
    }

    /** Deliveries started and not yet seen finished by a sweep (an upper bound of those in flight). */
    int tracked() {
        return started.size();
    }

    /** One message in the plugin's hands; {@code true} once finished. */
    static final class Delivery extends AtomicBoolean implements BiConsumer<Object, Throwable> {
        private final Attempt attempt;
        private final IntegrationMessage message;
        private final long startedNanos;
        private final Outcome outcome;

        Delivery(Attempt attempt, IntegrationMessage message, long startedNanos, Outcome outcome) {
            this.attempt = attempt;
            this.message = message;
            this.startedNanos = startedNanos;
            this.outcome = outcome;
        }

        /** The plugin's stage completed (or the delivery timed out): the first call wins. */
        @Override
        public void accept(Object ignored, Throwable error) {
            if (compareAndSet(false, true)) {
                outcome.finished(attempt, message, error);
            }
        }
    }
}
