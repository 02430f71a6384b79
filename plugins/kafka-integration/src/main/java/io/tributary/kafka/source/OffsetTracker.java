package io.tributary.kafka.source;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The records of one partition between poll and commit. An offset may be committed only when it
 * and every offset before it were published (or skipped): the committable position is the first
 * offset still pending. Used by the poll thread only.
 */
final class OffsetTracker {
    private final ArrayDeque<Long> pending = new ArrayDeque<>();
    private final Set<Long> done = new HashSet<>();
    private long committable = -1;
    private long committed = -1;

    void started(long offset) {
        pending.addLast(offset);
    }

    void finished(long offset) {
        done.add(offset);
        while (!pending.isEmpty() && done.remove(pending.peekFirst())) {
            committable = pending.pollFirst() + 1;
        }
    }

    int inFlight() {
        return pending.size();
    }

    /** The offset to commit (the next record to read after a restart), or -1 when nothing new. */
    long toCommit() {
        return committable > committed ? committable : -1;
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
    }
}
