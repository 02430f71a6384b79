package io.tributary.plugin.testkit;

import io.tributary.plugin.api.source.MessagePublisher;
import io.tributary.plugin.api.source.PublishException;
import io.tributary.plugin.api.source.SourceMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The broker as a source integration sees it in the kit: records every {@link SourceMessage} the
 * integration publishes, and accepts it at once, or holds it until the test accepts it (to see
 * that the source waits: backpressure, offsets not committed), or refuses it with a reason.
 * Thread-safe. Public so that source plugins test against it without a platform:
 *
 * <pre>{@code
 * RecordingPublisher broker = new RecordingPublisher();
 * integration.start(...context whose publisher() returns broker...);
 * broker.awaitCount(3, Duration.ofSeconds(10));
 * assertThat(broker.messages().get(0).topic()).isEqualTo("devices/d1");
 * }</pre>
 *
 * The kit's own context uses one: {@link RunningIntegration#published()}.
 *
 * @since 0.2
 */
public final class RecordingPublisher implements MessagePublisher {
    /** What the publisher does with the next message. */
    public enum Mode {
        /** Accept at once. */
        ACCEPT,
        /** Keep the completion pending until {@link #acceptHeld()} (a full broker). */
        HOLD
    }

    private final List<SourceMessage> messages = new ArrayList<>();
    private final List<CompletableFuture<Void>> held = new ArrayList<>();
    private Mode mode = Mode.ACCEPT;
    private PublishException.Reason refuseReason;
    private int refuseCount;

    @Override
    public synchronized CompletionStage<Void> publish(SourceMessage message) {
        if (refuseCount > 0) {
            refuseCount--;
            return CompletableFuture.failedFuture(new PublishException(refuseReason, "refused by the test"));
        }
        messages.add(message);
        notifyAll();
        if (mode == Mode.HOLD) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            held.add(f);
            return f;
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Accept or hold the messages published from now on. */
    public synchronized RecordingPublisher mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    /** Refuses the next {@code count} publishes with {@code reason} (not recorded). */
    public synchronized RecordingPublisher refuseNext(int count, PublishException.Reason reason) {
        this.refuseCount = count;
        this.refuseReason = reason;
        return this;
    }

    /** Completes every held publish normally. */
    public void acceptHeld() {
        List<CompletableFuture<Void>> now;
        synchronized (this) {
            now = new ArrayList<>(held);
            held.clear();
        }
        now.forEach(f -> f.complete(null));
    }

    /** Publishes waiting for {@link #acceptHeld()}. */
    public synchronized int heldCount() {
        return held.size();
    }

    /** Every message published so far (accepted or held), in order. */
    public synchronized List<SourceMessage> messages() {
        return List.copyOf(messages);
    }

    /** Waits until at least {@code count} messages were published; fails after {@code timeout}. */
    public synchronized List<SourceMessage> awaitCount(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (messages.size() < count) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("expected " + count + " published messages within " + timeout.toMillis()
                        + " ms, got " + messages.size());
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return List.copyOf(messages);
    }
}
