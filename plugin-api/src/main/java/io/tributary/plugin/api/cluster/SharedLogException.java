package io.tributary.plugin.api.cluster;

/**
 * A shared log operation failed; the message says what, for the operator.
 *
 * @since 0.4
 */
public class SharedLogException extends RuntimeException {
    public SharedLogException(String message, Throwable cause) {
        super(message, cause);
    }

    public SharedLogException(String message) {
        super(message);
    }
}
