package io.tributary.cluster;

/** Another running process already uses this node's {@code node.id} on the same store. */
public final class NodeIdInUseException extends IllegalStateException {
    public NodeIdInUseException(String message) {
        super(message);
    }
}
