package io.tributary.cluster;

/**
 * One integration as a node runs it, in its heartbeat: state and counters since that node started.
 *
 * @param state     DISABLED, PENDING, ACTIVE or FAILED on that node
 * @param reason    why it is FAILED (or PENDING a retry), else {@code null}
 * @param matched   messages whose topic matched its filters
 * @param delivered messages the plugin delivered
 * @param failed    failed delivery attempts
 * @param queued    messages waiting in its log on that node
 */
public record NodeIntegration(String id, String name, String type, String state, String reason,
                              long matched, long delivered, long failed, long queued) {
}
