package io.tributary.admin.dashboard;

import java.util.ArrayList;
import java.util.List;

/** The last samples, oldest overwritten first (a ring of fixed capacity); thread-safe. */
final class SampleHistory {
    private final Sample[] ring;
    private int next;
    private int size;

    SampleHistory(int capacity) {
        this.ring = new Sample[capacity];
    }

    synchronized void add(Sample s) {
        ring[next] = s;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** Oldest first. */
    synchronized List<Sample> all() {
        List<Sample> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(ring[(next - size + i + ring.length) % ring.length]);
        }
        return out;
    }

    /**
     * The sample to measure rates at {@code now} against: the oldest one at most {@code window}
     * millis before {@code now}, else the newest one before that; never one taken less than
     * {@code minAge} millis before {@code now} (too short to divide by). {@code null} when none.
     */
    synchronized Sample baseline(long now, long window, long minAge) {
        Sample best = null;
        for (int i = 1; i <= size; i++) { // newest to oldest
            Sample s = ring[(next - i + ring.length) % ring.length];
            long age = now - s.time();
            if (age < minAge) {
                continue;
            }
            if (age > window) {
                return best != null ? best : s;
            }
            best = s;
        }
        return best;
    }
}
