package io.tributary.cluster;

/**
 * A node as the cluster view shows it.
 *
 * @param status up, stopped or down, judged by the node that reads it
 * @param self   it is the node answering
 */
public record ClusterNode(NodeRow row, NodeStatus status, boolean self) {
}
