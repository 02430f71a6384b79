package io.tributary.plugin.api.runtime;

/**
 * Complete {@link Integration#process} exceptionally with this when retrying cannot help
 * (e.g. the external system rejected the message as invalid): the platform records an error
 * event and does not retry the message. Any other failure is retried.
 *
 * @since 0.1
 */
public class PermanentFailure extends RuntimeException {
    public PermanentFailure(String message) {
        super(message);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
