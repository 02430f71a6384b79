package io.tributary.broker.handover;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The persistent sessions of a cluster and their home nodes, in the shared store (implemented in {@code io.tributary.storage}). */
public interface SessionRowStore {
    /** The row of {@code clientId}, or {@code null}. */
    SessionRow find(String clientId);

    /** The home nodes of those of {@code clientIds} that have a row. */
    Map<String, String> homes(Collection<String> clientIds);

    /** Inserts or replaces these rows (one transaction). */
    void write(List<SessionRow> rows);

    /** Deletes the rows of these client ids whose home is still {@code nodeId} (a row another node took over stays). */
    void delete(Collection<String> clientIds, String nodeId);

    /**
     * Deletes rows of sessions whose client disconnected longer ago than their expiry plus
     * {@code graceMillis} (by the store's clock): sessions whose home node is gone for good.
     *
     * @return how many
     */
    int pruneExpired(long graceMillis);
}
