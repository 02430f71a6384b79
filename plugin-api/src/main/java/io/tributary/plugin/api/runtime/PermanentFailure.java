package io.tributary.plugin.api.runtime;

/**
 * Complete {@link Integration#process} exceptionally with this when retrying cannot help
 * (e.g. the external system rejected the message as invalid): the platform records an error
 * event, does not retry the message and moves it to the integration's dead letters, from
 * where an operator can replay it once the cause is fixed. Any other failure is retried.
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
