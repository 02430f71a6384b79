package io.tributary.plugin.testkit;

import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.host.InstalledType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code process} returns at once and completes its stage — successfully or not — within a bound.
 * A stage that never completes holds a slot of the integration until the platform's timeout and
 * then is retried: it stalls delivery.
 */
final class ProcessChecks {
    private ProcessChecks() {
    }

    static List<ProcessResult> assertCompletes(InstalledType type, Config config, Map<String, String> metadata,
                                               PluginCalls calls, Duration timeout, List<IntegrationMessage> messages,
                                               Duration bound, boolean requireSuccess) {
        IntegrationInstance instance = IntegrationInstance.create(type, config, metadata, calls, timeout);
        instance.start();
        try {
            List<ProcessResult> results = new ArrayList<>();
            List<String> incomplete = new ArrayList<>();
            // all submitted before waiting: a plugin may complete only once a batch fills
            long[] started = new long[messages.size()];
            List<CompletableFuture<Void>> stages = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                started[i] = System.nanoTime();
                stages.add(instance.process(messages.get(i)));
            }
            for (int i = 0; i < messages.size(); i++) {
                long start = started[i];
                long remaining = bound.toNanos() - (System.nanoTime() - start);
                try {
                    stages.get(i).get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
                    results.add(ProcessResult.of(messages.get(i), null, start));
                } catch (ExecutionException e) {
                    results.add(ProcessResult.of(messages.get(i), e.getCause(), start));
                } catch (TimeoutException e) {
                    incomplete.add(messages.get(i).toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for process()", e);
                }
            }
            if (!incomplete.isEmpty()) {
                throw new AssertionError(type.type() + ": process() did not complete its stage within "
                        + bound.toMillis() + " ms for " + incomplete + "\nComplete it (or complete it exceptionally) "
                        + "once the external system answered or gave up; never leave it pending.");
            }
            if (requireSuccess) {
                List<ProcessResult> failed = results.stream().filter(r -> !r.succeeded()).toList();
                if (!failed.isEmpty()) {
                    throw new AssertionError(type.type() + ": process() failed: " + failed
                            + errors(instance.context().recorded()));
                }
            }
            return results;
        } finally {
            try {
                instance.stop();
            } catch (Exception | LinkageError | AssertionError e) {
                // stop is checked by assertStartStopIdempotent; here only process matters
            }
        }
    }

    private static String errors(RecordedEvents events) {
        return events.errors().isEmpty() ? "" : "\nErrors it reported: " + events.errors();
    }
}
