package io.tributary.cluster;

import java.util.Locale;

/** A node as the others see it. */
public enum NodeStatus {
    /** Its heartbeats arrive. */
    UP,
    /** It stopped cleanly. */
    STOPPED,
    /** It missed its heartbeats: crashed, cut off, or paused. */
    DOWN;

    /** Lower case, for JSON and pages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
