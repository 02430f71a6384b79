package io.tributary.integration.runtime;

import io.tributary.integration.events.EventRecorder;
import io.tributary.integration.log.LogReadException;
import io.tributary.integration.runtime.IntegrationChannel.Attempt;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.PermanentFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread that feeds one plugin instance: reads attempts from the {@link IntegrationChannel},
 * calls {@code process} with the plugin's class loader, and handles the outcome: done (the log
 * may commit it), retry with exponential backoff, or dead letter. Its own thread, so a plugin
 * that blocks stalls only itself.
 *
 * <p>A window bounds the attempts outstanding at once: in flight, and failed ones waiting for
 * their retry. A failing destination therefore stops the reading of new records after one
 * window, instead of pulling the whole backlog into memory.
 */
final class DeliveryLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);
    private static final long MAINTAIN_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How often deliveries past the process timeout are looked for. */
    private static final long SWEEP_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final String integrationId;
    private final String name;
    private final PluginInstance instance;
    private final IntegrationChannel channel;
    private final IntegrationStats stats;
    private final RuntimeSettings settings;
    private final ScheduledExecutorService scheduler;
    private final EventRecorder events;
    private final DeadLetterWriter deadLetters;
    private final String nodeId;
    private final DeliveryWindow window;
    /** Touched by this loop's thread only. */
    private final InFlightDeliveries started;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean running = true;
    private volatile long callStartedNanos;
    private volatile Attempt inCall;
    private Thread thread;

    DeliveryLoop(String integrationId, String name, PluginInstance instance, IntegrationChannel channel,
                 IntegrationStats stats, RuntimeSettings settings, ScheduledExecutorService scheduler,
                 EventRecorder events, DeadLetterWriter deadLetters, String nodeId) {
        this.integrationId = integrationId;
        this.name = name;
        this.instance = instance;
        this.channel = channel;
        this.stats = stats;
        this.settings = settings;
        this.scheduler = scheduler;
        this.events = events;
        this.deadLetters = deadLetters;
        this.nodeId = nodeId;
        int requested = instance.requestedMaxInFlight();
        int windowSize = requested > 0 ? requested : settings.maxInFlight();
        this.window = new DeliveryWindow(windowSize);
        this.started = new InFlightDeliveries(settings.processTimeout().toNanos(), windowSize, this::finished);
    }

    void start() {
        thread = new Thread(this, "integration-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops reading; calls in flight go on and are counted. */
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
     * Waits until no {@code process} call is in flight, up to {@code timeout}.
     *
     * @return calls still in flight
     */
    int awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return inFlight.get();
    }

    /**
     * How long the current {@code process} call has been running without returning control,
     * or zero. A plugin must return a stage quickly; one that blocks is detected by this.
     */
    Duration blockedFor() {
        long started = callStartedNanos;
        return started == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    }

    /** Abandons a call that blocked; the integration is restarted and reads its record again. */
    void abandonBlockedCall() {
        inCall = null;
        callStartedNanos = 0;
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public void run() {
        long lastMaintained = 0;
        long lastSwept = 0;
        while (running) {
            try {
                long now = System.nanoTime();
                if (now - lastSwept >= SWEEP_EVERY_NANOS) {
                    started.sweep(now);
                    lastSwept = now;
                }
                if (now - lastMaintained >= MAINTAIN_EVERY_NANOS) {
                    channel.maintain();
                    lastMaintained = now;
                }
                Attempt next = channel.dueRetry();
                if (next == null) {
                    if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    next = nextAttempt();
                    if (next == null || next.attempts() > 0) {
                        window.release(); // nothing, or a retry: it holds its own slot
                    }
                    if (next == null) {
                        continue;
                    }
                }
                if (!running) {
                    return; // stopping: the channel is rewound, the record is read again later
                }
                deliver(next);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Delivery loop of {} failed", name, e);
            }
        }
    }

    private Attempt nextAttempt() throws InterruptedException {
        try {
            return channel.next(100);
        } catch (LogReadException e) {
            log.error("Integration {}: {}", name, e.getMessage(), e.getCause());
            events.error(integrationId, "LOG", e.getMessage() + ": " + e.getCause(), null, null);
            Thread.sleep(1000);
            return null;
        }
    }

    private void deliver(Attempt attempt) {
        if (attempt.attempts() > 0) {
            stats.retried.increment();
        }
        IntegrationMessage message = MessageConverter.toPluginMessage(attempt.record().message(), nodeId);
        stats.inFlight.increment();
        inFlight.incrementAndGet();
        inCall = attempt;
        long startedNanos = System.nanoTime();
        callStartedNanos = startedNanos;
        // the handle turns a throw or a null stage into a failed stage
        CompletionStage<Void> stage;
        try {
            stage = instance.integration().process(message);
        } catch (Throwable t) {
            stage = CompletableFuture.failedFuture(t); // an Error the handle lets through must not end this thread
        } finally {
            callStartedNanos = 0;
        }
        if (inCall != attempt) {
            // the watchdog abandoned this call while it blocked: the integration restarts and reads it again
            stats.inFlight.decrement();
            inFlight.decrementAndGet();
            return;
        }
        inCall = null;
        // finished once: by the stage, or by the sweep after the process timeout
        stage.whenComplete(started.start(attempt, message, startedNanos));
    }

    private void finished(Attempt attempt, IntegrationMessage message, Throwable error) {
        stats.inFlight.decrement();
        inFlight.decrementAndGet();
        if (error == null) {
            stats.delivered(attempt.record().message().receivedAt());
            release(attempt);
            return;
        }
        stats.failed.increment();
        Throwable cause = unwrap(error);
        String text = cause instanceof TimeoutException
                ? "process() did not complete within " + settings.processTimeout().toMillis() + " ms"
                : PluginContext.describe(null, cause);
        events.error(integrationId, "PROCESS", text, message.topic(), message.clientId());
        int attempts = attempt.attempts() + 1;
        boolean permanent = cause instanceof PermanentFailure;
        if (permanent || (settings.maxAttempts() > 0 && attempts >= settings.maxAttempts())) {
            deadLetter(attempt, attempts, permanent ? text : text + " (gave up after " + attempts + " attempts)");
            return;
        }
        if (attempt.record().message().qos() == 0 && !settings.retryQos0()) {
            stats.abandoned.increment();
            release(attempt);
            return;
        }
        retryLater(attempt.next());
    }

    private void deadLetter(Attempt attempt, int attempts, String error) {
        deadLetters.write(integrationId, attempt.record().message(), attempts, error).whenComplete((v, e) -> {
            if (e == null) {
                stats.deadLettered.increment();
                release(attempt);
            } else {
                // not stored anywhere yet: it stays in the log and is tried again
                log.warn("Integration {}: could not store a dead letter: {}", name, e.toString());
                retryLater(attempt.next());
            }
        });
    }

    private void retryLater(Attempt next) {
        Duration delay = RuntimeSettings.backoff(settings.retryInitial(), settings.retryMax(), next.attempts());
        try {
            scheduler.schedule(() -> channel.retryNow(next), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the runtime is stopping: the record stays in the log
        }
    }

    private void release(Attempt attempt) {
        channel.done(attempt);
        window.release();
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
