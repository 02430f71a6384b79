package io.tributary.integration.runtime;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.integration.deadletter.DeadLetterStore;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/** Stores dead letters off the plugin's threads (a completion may run on a client library's I/O thread). */
final class DeadLetterWriter {
    private final DeadLetterStore store;
    private final ExecutorService executor;

    DeadLetterWriter(DeadLetterStore store, ExecutorService executor) {
        this.store = store;
        this.executor = executor;
    }

    /** Completes when stored; exceptionally when it could not be. */
    CompletableFuture<Void> write(String integrationId, BrokerMessage message, int attempts, String error) {
        try {
            return CompletableFuture.runAsync(
                    () -> store.add(integrationId, message, attempts, error, System.currentTimeMillis()), executor);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
