package io.tributary.broker.handover;

/**
 * Where a persistent session lives in a cluster, as the shared store keeps it: one row per client
 * id, written by its home node.
 *
 * @param clientId       the session's client id
 * @param nodeId         its home node: where it was last opened or moved to
 * @param expirySeconds  its session expiry
 * @param disconnectedAt when its client disconnected (epoch ms), 0 while connected
 * @param subscriptions  its subscriptions as a session image without messages
 *                       ({@link io.tributary.broker.persistence.SessionImageCodec}); what another
 *                       node resumes it from when the home node is down
 */
public record SessionRow(String clientId, String nodeId, long expirySeconds, long disconnectedAt,
                         byte[] subscriptions) {
}
