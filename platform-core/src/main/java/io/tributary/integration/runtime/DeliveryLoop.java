package io.tributary.integration.runtime;

import io.tributary.integration.events.EventRecorder;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.PermanentFailure;
import io.tributary.plugin.host.ContextClassLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The thread that feeds one plugin instance: takes messages from the {@link Admission}, calls
 * {@code process} with the plugin's class loader, and handles the outcome (count, retry with
 * exponential backoff, or give up). Its own thread, so a plugin that blocks stalls only itself.
 */
final class DeliveryLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);

    private final String integrationId;
    private final String name;
    private final PluginInstance instance;
    private final Admission admission;
    private final IntegrationStats stats;
    private final RuntimeSettings settings;
    private final ScheduledExecutorService scheduler;
    private final EventRecorder events;
    private final String nodeId;
    private final Semaphore permits;
    private volatile boolean running = true;
    private volatile long callStartedNanos;
    private volatile QueuedMessage inCall;
    private Thread thread;

    DeliveryLoop(String integrationId, String name, PluginInstance instance, Admission admission,
                 IntegrationStats stats, RuntimeSettings settings, ScheduledExecutorService scheduler,
                 EventRecorder events, String nodeId) {
        this.integrationId = integrationId;
        this.name = name;
        this.instance = instance;
        this.admission = admission;
        this.stats = stats;
        this.settings = settings;
        this.scheduler = scheduler;
        this.events = events;
        this.nodeId = nodeId;
        int requested = instance.requestedMaxInFlight();
        this.permits = new Semaphore(requested > 0 ? requested : settings.maxInFlight());
    }

    void start() {
        thread = new Thread(this, "integration-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops taking messages; in-flight ones still complete and are counted. */
    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * How long the current {@code process} call has been running without returning control,
     * or zero. A plugin must return a stage quickly; one that blocks is detected by this.
     */
    Duration blockedFor() {
        long started = callStartedNanos;
        return started == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    }

    /** Abandons a call that blocked: its message is put back for another attempt. */
    void abandonBlockedCall() {
        QueuedMessage m = inCall;
        inCall = null;
        callStartedNanos = 0;
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
        if (m != null) {
            admission.retry(m.nextAttempt());
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                permits.acquire();
                QueuedMessage next = admission.take(500);
                if (next == null) {
                    permits.release();
                    continue;
                }
                if (!running) {
                    permits.release();
                    admission.retry(next);
                    return;
                }
                deliver(next);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Delivery loop of {} failed", name, e);
            }
        }
    }

    private void deliver(QueuedMessage queued) {
        if (queued.attempts() > 0) {
            stats.retried.increment();
        }
        IntegrationMessage message = MessageConverter.toPluginMessage(queued.message(), nodeId);
        stats.inFlight.increment();
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        inCall = queued;
        callStartedNanos = System.nanoTime();
        try {
            CompletionStage<Void> stage = ContextClassLoader.call(instance.loader(),
                    () -> instance.integration().process(message));
            if (stage == null) {
                outcome.completeExceptionally(new IllegalStateException("process() returned null"));
            } else {
                stage.whenComplete((v, e) -> {
                    if (e != null) {
                        outcome.completeExceptionally(e);
                    } else {
                        outcome.complete(null);
                    }
                });
            }
        } catch (Throwable t) {
            outcome.completeExceptionally(t);
        } finally {
            callStartedNanos = 0;
        }
        if (inCall != queued) {
            // the watchdog abandoned this call while it blocked and re-queued the message
            stats.inFlight.decrement();
            permits.release();
            return;
        }
        inCall = null;
        outcome.orTimeout(settings.processTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> finished(queued, message, e));
    }

    private void finished(QueuedMessage queued, IntegrationMessage message, Throwable error) {
        stats.inFlight.decrement();
        permits.release();
        if (error == null) {
            stats.success();
            return;
        }
        stats.failed.increment();
        Throwable cause = unwrap(error);
        String text = cause instanceof TimeoutException
                ? "process() did not complete within " + settings.processTimeout().toMillis() + " ms"
                : PluginContext.describe(null, cause);
        events.error(integrationId, "PROCESS", text, message.topic(), message.clientId());
        boolean retry = !(cause instanceof PermanentFailure)
                && (queued.message().qos() > 0 || settings.retryQos0());
        if (!retry) {
            stats.abandoned.increment();
            return;
        }
        QueuedMessage next = queued.nextAttempt();
        Duration delay = RuntimeSettings.backoff(settings.retryInitial(), settings.retryMax(), next.attempts());
        try {
            scheduler.schedule(() -> admission.retry(next), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            stats.abandoned.increment();
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
