package io.tributary.broker.forward;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** The topic filters each broker node's clients subscribe to, in the shared store (implemented in {@code io.tributary.storage}). */
public interface NodeFilterStore {
    /** Adds and removes filters of {@code nodeId}, in one transaction. */
    void update(String nodeId, Collection<String> added, Collection<String> removed);

    /** Removes every filter of {@code nodeId} (at start, a previous run's; at a clean stop). */
    void clear(String nodeId);

    /**
     * The filters of every node but {@code nodeId}, node id to filters; share groups
     * ({@code $share/...}) only of nodes that are up and not stopping.
     */
    Map<String, Set<String>> others(String nodeId);
}
