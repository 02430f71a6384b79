package io.tributary.integration.runtime;

import java.util.BitSet;

/**
 * Which read records are done (delivered, dead-lettered or given up), to find the committed
 * offset: the lowest record not yet done. Deliveries complete out of order (a window of them is
 * in flight, failed ones are retried later), so records done above that offset wait here until
 * everything below them is done too. Thread-safe.
 */
final class AckTracker {
    private static final int COMPACT_AT = 1 << 16;

    private long base;
    private long end;
    private long bitsBase;
    private BitSet done = new BitSet();

    AckTracker(long start) {
        reset(start);
    }

    /** Starts over at {@code start}: nothing read, nothing done. */
    synchronized void reset(long start) {
        base = start;
        end = start;
        bitsBase = start;
        done = new BitSet();
    }

    /** A record at {@code offset} was read; offsets passed over (unreadable) count as done. */
    synchronized void read(long offset) {
        for (long o = end; o < offset; o++) {
            done.set((int) (o - bitsBase));
        }
        end = Math.max(end, offset + 1);
        advance();
    }

    /**
     * The record at {@code offset} is done.
     *
     * @return the new committed offset when it moved, else -1
     */
    synchronized long done(long offset) {
        if (offset < base || offset >= end) {
            return -1;
        }
        done.set((int) (offset - bitsBase));
        long before = base;
        advance();
        return base > before ? base : -1;
    }

    /** The lowest offset not done. */
    synchronized long committed() {
        return base;
    }

    /** Records read and done above the committed offset: they will be delivered again after a rewind. */
    synchronized long doneAboveCommitted() {
        return done.get((int) (base - bitsBase), (int) (end - bitsBase)).cardinality();
    }

    private void advance() {
        base = Math.min(end, bitsBase + done.nextClearBit((int) (base - bitsBase)));
        if (base - bitsBase >= COMPACT_AT) {
            done = done.get((int) (base - bitsBase), Math.max((int) (base - bitsBase), (int) (end - bitsBase)));
            bitsBase = base;
        }
    }
}
