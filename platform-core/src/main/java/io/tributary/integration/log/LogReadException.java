package io.tributary.integration.log;

/** The log could not be read; the cause says why. Reading may succeed when tried again. */
public final class LogReadException extends RuntimeException {
    public LogReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
