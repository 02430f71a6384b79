package io.tributary.kafka;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.PermanentFailure;
import io.tributary.plugin.testkit.RunningIntegration;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the platform does with QoS 1 messages, reduced to the bone: process, and when the stage
 * fails with anything but {@link PermanentFailure}, process the same message again a little later.
 */
final class RetryingDelivery {
    private final RunningIntegration integration;
    private final ScheduledExecutorService scheduler;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger permanent = new AtomicInteger();
    private final Set<String> reasons = ConcurrentHashMap.newKeySet();

    RetryingDelivery(RunningIntegration integration, ScheduledExecutorService scheduler) {
        this.integration = integration;
        this.scheduler = scheduler;
    }

    /** Delivers {@code message}, retrying until Kafka has it; {@code id} names it in {@link #pending}. */
    void submit(String id, IntegrationMessage message) {
        pending.add(id);
        attempt(id, message);
    }

    private void attempt(String id, IntegrationMessage message) {
        integration.process(message).whenComplete((v, e) -> {
            if (e == null) {
                pending.remove(id);
                return;
            }
            failures.incrementAndGet();
            reasons.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            if (e instanceof PermanentFailure || e.getCause() instanceof PermanentFailure) {
                permanent.incrementAndGet();
                return;
            }
            retries.incrementAndGet();
            scheduler.schedule(() -> attempt(id, message), 500, TimeUnit.MILLISECONDS);
        });
    }

    Set<String> pending() {
        return Set.copyOf(pending);
    }

    /** Distinct failure texts, for the test log. */
    Set<String> reasons() {
        return Set.copyOf(reasons);
    }

    int failures() {
        return failures.get();
    }

    int retries() {
        return retries.get();
    }

    int permanentFailures() {
        return permanent.get();
    }
}
