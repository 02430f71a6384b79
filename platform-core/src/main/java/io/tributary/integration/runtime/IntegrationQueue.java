package io.tributary.integration.runtime;

/**
 * The bounded queue of one integration. In memory today; a durable (disk) implementation can
 * replace it so that queued messages survive restarts. Not thread-safe: {@link Admission}
 * guards it.
 */
public interface IntegrationQueue {
    /** @return false when full */
    boolean offer(QueuedMessage message);

    /** Next message, or {@code null} when empty. */
    QueuedMessage poll();

    int size();

    int capacity();

    /** Removes everything; returns how many were removed. */
    int clear();
}
