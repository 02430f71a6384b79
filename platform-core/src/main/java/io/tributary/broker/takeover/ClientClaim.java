package io.tributary.broker.takeover;

/**
 * A client id that connected to a node, as written to the shared store.
 *
 * @param id     orders the claims: of two connections with one client id, the higher claim is the newer
 * @param nodeId the process that wrote it
 */
public record ClientClaim(long id, String clientId, String nodeId) {
}
