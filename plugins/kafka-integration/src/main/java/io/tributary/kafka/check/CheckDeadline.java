package io.tributary.kafka.check;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The time a check may spend talking to Kafka: the caller's budget minus a margin kept back for
 * closing the client and answering, at least one second. Shared by the checks of both
 * directions.
 */
public final class CheckDeadline {
    /** Kept back from the caller's budget for closing the client and answering. */
    public static final long MARGIN_MS = 1000;

    private final long deadlineNanos;

    /** @param timeout the caller's budget for the whole check */
    public CheckDeadline(Duration timeout) {
        long budget = Math.max(1000, timeout.toMillis() - MARGIN_MS);
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budget);
    }

    /** Milliseconds left, at least 1 (Kafka's timeouts take an int). */
    public int remainingMs() {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
    }

    /** How long closing the client may take: what is left, at most half the margin. */
    public Duration forClose() {
        return Duration.ofMillis(Math.min(MARGIN_MS / 2, remainingMs()));
    }
}
