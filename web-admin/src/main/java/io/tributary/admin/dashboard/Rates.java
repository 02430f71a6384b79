package io.tributary.admin.dashboard;

/** Per-second rates from two readings of a total. */
final class Rates {
    private Rates() {
    }

    /**
     * {@code (now - before) / seconds} rounded to 0.01, 0 when the total went down (a restart
     * reset it); {@code null} when either reading is missing or no time passed.
     */
    static Double perSecond(Long now, Long before, double seconds) {
        if (now == null || before == null || seconds <= 0) {
            return null;
        }
        long delta = Math.max(0, now - before);
        return Math.round(delta / seconds * 100) / 100.0;
    }
}
