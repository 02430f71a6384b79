package io.tributary.cluster;

import java.util.List;

/**
 * One integration as a node runs it, in its heartbeat: state and counters since that node started.
 *
 * @param state      DISABLED, PENDING, ACTIVE or FAILED on that node
 * @param reason     why it is FAILED (or PENDING a retry), else {@code null}
 * @param matched    messages whose topic matched its filters
 * @param delivered  messages the plugin delivered
 * @param failed     failed delivery attempts
 * @param queued     messages waiting in its log on that node
 * @param partitions the partitions of the shared log this node reads for it, ascending; empty when
 *                   the log is local, or when this node reads none (a broker-only node)
 */
public record NodeIntegration(String id, String name, String type, String state, String reason,
                              long matched, long delivered, long failed, long queued, List<Integer> partitions) {

    public NodeIntegration {
        // rows written by a node of an earlier version have no partitions
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }

    /** Without partitions (a local log). */
    public NodeIntegration(String id, String name, String type, String state, String reason,
                           long matched, long delivered, long failed, long queued) {
        this(id, name, type, state, reason, matched, delivered, failed, queued, List.of());
    }
}
