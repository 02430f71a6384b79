package io.tributary.plugin.api.source;

/**
 * Why the broker did not accept a {@link SourceMessage}; the exceptional completion of
 * {@link MessagePublisher#publish}.
 *
 * @since 0.2
 */
public class PublishException extends RuntimeException {

    /**
     * What the source should do about it.
     *
     * @since 0.2
     */
    public enum Reason {
        /**
         * The message can never be accepted (e.g. its topic is not a valid MQTT topic name or
         * has too many levels): retrying the same message cannot help. Report it and skip it,
         * or stop.
         */
        INVALID_MESSAGE,
        /**
         * The integration is stopping or the platform is shutting down: do not acknowledge the
         * message to its origin; it is read again after the next start.
         */
        NOT_RUNNING,
        /** The broker could not store the message (e.g. disk full): retry later. */
        NOT_STORED
    }

    private final Reason reason;

    public PublishException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public PublishException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
