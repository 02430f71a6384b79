package io.tributary.plugin.testkit;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.PermanentFailure;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How one {@code process} call ended.
 *
 * @param message the message processed
 * @param failure {@code null} on success; else what the stage completed with (or what
 *                {@code process} threw), unwrapped from {@link CompletionException}
 * @param took    from the call to the completion of the stage
 */
public record ProcessResult(IntegrationMessage message, Throwable failure, Duration took) {

    static ProcessResult of(IntegrationMessage message, Throwable failure, long startNanos) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return new ProcessResult(message, cause, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    public boolean succeeded() {
        return failure == null;
    }

    /** Failed with {@link PermanentFailure}: the platform would not retry it. */
    public boolean permanent() {
        return failure instanceof PermanentFailure;
    }

    @Override
    public String toString() {
        return message.topic() + " -> " + (failure == null ? "succeeded" : "failed: " + failure) + " in "
                + took.toMillis() + " ms";
    }
}
