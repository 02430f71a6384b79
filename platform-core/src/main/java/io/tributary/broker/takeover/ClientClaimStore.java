package io.tributary.broker.takeover;

import java.util.List;
import java.util.Map;

/** The client ids that connected to the nodes of a cluster, in the shared store (implemented in {@code io.tributary.storage}). */
public interface ClientClaimStore {
    /** Writes one claim per client id for {@code nodeId}; returns each client id's claim id. */
    Map<String, Long> claim(List<String> clientIds, String nodeId);

    /** Claims other nodes wrote in the last {@code lookbackMillis} (by the store's clock), oldest first. */
    List<ClientClaim> recent(long lookbackMillis, String excludeNodeId);

    /** Deletes claims older than {@code ageMillis}; returns how many. */
    int prune(long ageMillis);
}
