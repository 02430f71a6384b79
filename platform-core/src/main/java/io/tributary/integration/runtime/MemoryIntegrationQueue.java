package io.tributary.integration.runtime;

import java.util.ArrayDeque;

/** {@link IntegrationQueue} in memory, FIFO, bounded. */
public final class MemoryIntegrationQueue implements IntegrationQueue {
    private final ArrayDeque<QueuedMessage> deque = new ArrayDeque<>();
    private final int capacity;

    public MemoryIntegrationQueue(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public boolean offer(QueuedMessage message) {
        if (deque.size() >= capacity) {
            return false;
        }
        deque.add(message);
        return true;
    }

    @Override
    public QueuedMessage poll() {
        return deque.poll();
    }

    @Override
    public int size() {
        return deque.size();
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int clear() {
        int n = deque.size();
        deque.clear();
        return n;
    }
}
