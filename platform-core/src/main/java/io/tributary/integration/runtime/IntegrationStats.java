package io.tributary.integration.runtime;

import io.micrometer.core.instrument.Timer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one integration; cheap to update from any thread. The one source of its numbers:
 * the meters ({@link IntegrationMeters}), the statistics view and the STATISTICS events all read
 * these adders.
 */
final class IntegrationStats {
    final LongAdder matched = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder abandoned = new LongAdder();
    final LongAdder inFlight = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
    final LongAdder redelivered = new LongAdder();
    /** Successes per second over the last minute, indexed by epoch second mod 60. */
    private final AtomicLongArray perSecond = new AtomicLongArray(60);
    private final AtomicLongArray secondOf = new AtomicLongArray(60);
    private long[] lastPersisted = new long[4];
    /** Publish received -> destination ack; set while meters are bound, else {@code null}. */
    volatile Timer latency;

    /** A message delivered (the destination acknowledged it) that the broker received at {@code receivedAt}. */
    void delivered(long receivedAt) {
        long now = System.currentTimeMillis();
        success(now);
        Timer t = latency;
        if (t != null && receivedAt > 0) {
            t.record(Math.max(0, now - receivedAt), TimeUnit.MILLISECONDS);
        }
    }

    void success() {
        success(System.currentTimeMillis());
    }

    private void success(long nowMillis) {
        succeeded.increment();
        long sec = nowMillis / 1000;
        int i = (int) (sec % 60);
        if (secondOf.get(i) != sec) {
            secondOf.set(i, sec);
            perSecond.set(i, 0);
        }
        perSecond.incrementAndGet(i);
    }

    long lastMinute() {
        long now = System.currentTimeMillis() / 1000;
        long sum = 0;
        for (int i = 0; i < 60; i++) {
            if (now - secondOf.get(i) < 60) {
                sum += perSecond.get(i);
            }
        }
        return sum;
    }

    StatisticsSnapshot snapshot(IntegrationChannel channel) {
        return new StatisticsSnapshot(matched.sum(), succeeded.sum(), failed.sum(), dropped.sum(), retried.sum(),
                abandoned.sum(), channel.queued(), inFlight.sum(), lastMinute(), channel.queuedBytes(),
                deadLettered.sum(), redelivered.sum(), channel.held(), channel.fullSince(),
                channel.heldPublishers());
    }

    /** Body of a STATISTICS event: counts since the previous one, and totals. */
    synchronized Map<String, Object> eventBody(long queued) {
        long[] now = {succeeded.sum(), failed.sum(), dropped.sum(), matched.sum()};
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("processed", now[0] - lastPersisted[0]);
        body.put("failed", now[1] - lastPersisted[1]);
        body.put("dropped", now[2] - lastPersisted[2]);
        body.put("matched", now[3] - lastPersisted[3]);
        body.put("queued", queued);
        body.put("inFlight", inFlight.sum());
        body.put("totalMatched", now[3]);
        body.put("totalProcessed", now[0]);
        body.put("totalFailed", now[1]);
        body.put("totalDropped", now[2]);
        body.put("totalRetried", retried.sum());
        body.put("totalAbandoned", abandoned.sum());
        body.put("totalDeadLettered", deadLettered.sum());
        body.put("totalRedelivered", redelivered.sum());
        lastPersisted = now;
        return body;
    }

    synchronized boolean changedSinceLastEvent() {
        return succeeded.sum() != lastPersisted[0] || failed.sum() != lastPersisted[1]
                || dropped.sum() != lastPersisted[2] || matched.sum() != lastPersisted[3];
    }
}
