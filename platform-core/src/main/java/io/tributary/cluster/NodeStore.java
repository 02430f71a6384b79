package io.tributary.cluster;

import java.util.List;
import java.util.Optional;

/** Where the nodes' rows are kept: the platform's store (implemented in {@code io.tributary.storage}). */
public interface NodeStore {
    /**
     * Writes {@code row} if its node id is free, is held by the same instance, or its holder's row
     * was last seen before {@code staleBefore} or stopped cleanly.
     *
     * @return false when another live instance holds the node id (nothing was written)
     */
    boolean write(NodeRow row, long staleBefore);

    Optional<NodeRow> find(String nodeId);

    /** Every row, by node id. */
    List<NodeRow> all();

    /** Marks the row of {@code instance} stopped at {@code time}. */
    void stopped(String nodeId, String instance, long time);

    /** Deletes the row of {@code nodeId}; false when there was none. */
    boolean delete(String nodeId);

    /** Deletes rows last seen before {@code cutoff}; returns how many. */
    int deleteSeenBefore(long cutoff);
}
