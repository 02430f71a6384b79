package io.tributary.broker.retain;

import java.util.List;
import java.util.Map;

/** Retained messages in a store shared by the nodes of a cluster (implemented in {@code io.tributary.storage}). */
public interface SharedRetainedStore {
    /**
     * Writes the changes in one transaction, each with the next version (versions become visible
     * in order: a reader that saw version n has seen every smaller one still stored).
     *
     * @return each topic's new version
     */
    Map<String, Long> write(List<RetainedChange> changes, String writer);

    /** Changes (cleared topics included) after {@code version}, oldest first, at most {@code limit}. */
    List<RetainedChange> since(long version, int limit);

    /** The last version handed out. */
    long current();

    /** Every topic with a retained message. */
    List<RetainedChange> retained();

    /** Forgets cleared topics older than {@code ageMillis}; returns how many. */
    int pruneCleared(long ageMillis);
}
