package io.tributary.integration;

/** An integration whose log still holds messages was to be deleted without confirming that they are discarded. */
public final class QueuedMessagesException extends RuntimeException {
    private final long queued;

    public QueuedMessagesException(String integrationId, long queued) {
        super("Integration " + integrationId + " has " + queued + " queued message(s) that deleting it discards; "
                + "confirm with discardQueued=true");
        this.queued = queued;
    }

    public long queued() {
        return queued;
    }
}
