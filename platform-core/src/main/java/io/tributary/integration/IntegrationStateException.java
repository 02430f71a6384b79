package io.tributary.integration;

/** The operation does not apply to the integration's current state (e.g. restarting a disabled one). */
public final class IntegrationStateException extends RuntimeException {
    public IntegrationStateException(String message) {
        super(message);
    }
}
