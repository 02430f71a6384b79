package io.tributary.bench.load;

import io.tributary.bench.report.Env;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives one run: one thread per publisher (paced to the rate, or bounded by the end-to-end
 * window at max rate), receivers reporting every arrival through {@link #received}, a live
 * progress line, then a drain and the figures. Sequence numbers per publisher give loss and
 * duplicates; HdrHistogram records latency in microseconds: end to end (timestamp to arrival)
 * and at the publisher (timestamp to the send's completion: the PUBACK for QoS 1, the producer's
 * acknowledgement for Kafka, the write for QoS 0).
 */
public final class LoadEngine {
    private static final long SEC = 1_000_000_000L;
    /** After the last send completed, how long without any arrival ends the drain. */
    private static final long IDLE_DRAIN_NANOS = Long.getLong("bench.idleDrainMs", 3000) * 1_000_000;
    private static final long MAX_LATENCY_US = TimeUnit.MINUTES.toMicros(2);

    private final String target;
    private final Topology topology;
    private final LoadSpec spec;
    private final PrintStream progress;
    private final int[] fanout;
    /** Set when {@link #run} starts, after clients are connected. */
    private volatile long t0;
    private volatile long measureStart;
    private volatile long measureEnd;
    private final int seconds;
    private final AtomicLongArray inPerSec;
    private final AtomicLongArray outPerSec;
    private final Recorder measured = new Recorder(MAX_LATENCY_US, 3);
    private final Recorder live = new Recorder(MAX_LATENCY_US, 3);
    /** Timestamp → send completed (PUBACK), for messages stamped in the measured window. */
    private final Recorder acked = new Recorder(MAX_LATENCY_US, 3);
    private volatile Runnable atMeasureStart;
    private volatile Runnable atMeasureEnd;
    private final java.util.Map<String, Object> extra = new java.util.concurrent.ConcurrentHashMap<>();
    private final Semaphore window;
    private final AtomicLong[] sentOk;
    private final AtomicLong publishFailures = new AtomicLong();
    private final AtomicLong windowWaits = new AtomicLong();
    private final AtomicLong pendingSends = new AtomicLong();
    private final AtomicLong receivedTotal = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    /** receiver → publisher → slot in its bitsets (-1: not expected there). */
    private final int[][] slot;
    private final BitSet[][] seen;
    /** Highest sequence number seen per receiver and publisher slot (gaps release window permits). */
    private final long[][] highest;

    public LoadEngine(String target, Topology topology, LoadSpec spec, PrintStream progress) {
        this.target = target;
        this.topology = topology;
        this.spec = spec;
        this.progress = progress;
        this.fanout = topology.fanout();
        int pubs = topology.publisherTopics().size();
        this.seconds = spec.warmupSec() + spec.durationSec();
        this.inPerSec = new AtomicLongArray(seconds + spec.drainSec() + 5);
        this.outPerSec = new AtomicLongArray(seconds + spec.drainSec() + 5);
        this.window = new Semaphore(spec.window());
        this.sentOk = new AtomicLong[pubs];
        for (int i = 0; i < pubs; i++) {
            sentOk[i] = new AtomicLong();
        }
        int receivers = topology.receiverFilters().size();
        this.slot = new int[receivers][pubs];
        this.seen = new BitSet[receivers][];
        this.highest = new long[receivers][];
        for (int r = 0; r < receivers; r++) {
            java.util.Arrays.fill(slot[r], -1);
            int[] rp = topology.receiverPublishers()[r];
            seen[r] = new BitSet[rp.length];
            highest[r] = new long[rp.length];
            java.util.Arrays.fill(highest[r], -1);
            for (int k = 0; k < rp.length; k++) {
                slot[r][rp[k]] = k;
                seen[r][k] = new BitSet();
            }
        }
    }

    /**
     * Runs {@code start} when the measured window opens and {@code end} when it closes (on the
     * engine's thread; e.g. CPU and disk snapshots). Call before {@link #run}.
     */
    public LoadEngine onMeasureWindow(Runnable start, Runnable end) {
        this.atMeasureStart = start;
        this.atMeasureEnd = end;
        return this;
    }

    /** Figures added to the result as {@code extra} (e.g. CPU and disk during the measured window). */
    public java.util.Map<String, Object> extra() {
        return extra;
    }

    /** Called by receivers, on any thread, for every message that arrives. */
    public void received(int receiver, ByteBuffer payload) {
        long now = System.nanoTime();
        Payload.Header h = Payload.read(payload);
        arrived(receiver, h, now);
    }

    public void arrived(int receiver, Payload.Header h, long now) {
        if (h == null || h.publisher() < 0 || h.publisher() >= slot[receiver].length
                || slot[receiver][h.publisher()] < 0 || h.seq() < 0 || h.seq() > Integer.MAX_VALUE) {
            unknown.incrementAndGet();
            return;
        }
        int k = slot[receiver][h.publisher()];
        BitSet bits = seen[receiver][k];
        boolean dup;
        long release = 1;
        synchronized (bits) {
            dup = bits.get((int) h.seq());
            if (!dup) {
                bits.set((int) h.seq());
                long top = highest[receiver][k];
                if (h.seq() > top) {
                    // MQTT keeps one publisher's order on a topic: a gap means those messages were
                    // dropped; give their window permits back so a loss does not throttle the run
                    release += h.seq() - top - 1;
                    highest[receiver][k] = h.seq();
                } else {
                    release = 0; // arrived after a later one: its permit went back with the gap
                }
            }
        }
        if (dup) {
            duplicates.incrementAndGet();
            return;
        }
        receivedTotal.incrementAndGet();
        if (release > 0 && spec.ackWindow() <= 0) {
            window.release((int) Math.min(Integer.MAX_VALUE, release));
        }
        int sec = (int) ((now - t0) / SEC);
        if (sec >= 0 && sec < outPerSec.length()) {
            outPerSec.incrementAndGet(sec);
        }
        long us = Math.max(0, Math.min(MAX_LATENCY_US, (now - h.stampNanos()) / 1000));
        live.recordValue(us);
        if (h.stampNanos() >= measureStart && h.stampNanos() < measureEnd) {
            measured.recordValue(us);
        }
    }

    /** Runs the publishers with these senders (one per publisher of the topology) and returns the figures. */
    public LoadResult run(List<Sender> senders) throws InterruptedException {
        int pubs = senders.size();
        long start = System.nanoTime() + SEC / 5; // publishers start together, shortly after their threads
        measureStart = start + spec.warmupSec() * SEC;
        measureEnd = measureStart + spec.durationSec() * SEC;
        t0 = start;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < pubs; i++) {
            int pub = i;
            Thread t = new Thread(() -> publish(pub, senders.get(pub), pubs), "bench-pub-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        List<Double> p99Series = new ArrayList<>();
        Histogram interval = null;
        long nextTick = t0 + SEC;
        long lastOut = 0;
        boolean measuring = false;
        if (spec.warmupSec() == 0) {
            sleepUntil(measureStart);
            hook(atMeasureStart);
            measuring = true;
        }
        while (System.nanoTime() < measureEnd) {
            sleepUntil(nextTick);
            if (!measuring && nextTick >= measureStart) {
                hook(atMeasureStart);
                measuring = true;
            }
            interval = live.getIntervalHistogram(interval);
            p99Series.add(interval.getTotalCount() == 0 ? 0.0 : interval.getValueAtPercentile(99) / 1000.0);
            int sec = (int) ((nextTick - t0) / SEC) - 1;
            long in = sec < inPerSec.length() ? inPerSec.get(sec) : 0;
            long out = sec < outPerSec.length() ? outPerSec.get(sec) : 0;
            lastOut = out;
            String phase = nextTick <= measureStart ? "warm-up" : "measure";
            line(String.format("[%s] %3ds/%ds %s  in %,9d/s  out %,9d/s  p99 %8.2f ms  received %,d  dup %d",
                    target, sec + 1, seconds, phase, in, out, p99Series.get(p99Series.size() - 1),
                    receivedTotal.get(), duplicates.get()));
            nextTick += SEC;
        }
        hook(atMeasureEnd);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(spec.drainSec() + 10L));
        }
        // drain: wait for sends to complete and for what is on its way
        long deadline = System.nanoTime() + spec.drainSec() * SEC;
        long last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long got = receivedTotal.get();
            if (pendingSends.get() == 0 && got >= expected()) {
                break;
            }
            if (got != last) {
                last = got;
                lastChange = System.nanoTime();
            } else if (pendingSends.get() == 0 && System.nanoTime() - lastChange > IDLE_DRAIN_NANOS) {
                break; // nothing more is coming
            }
            Thread.sleep(50);
        }
        endLine();
        long missing = expected() - receivedTotal.get();
        if (missing > 0 && progress != null) {
            progress.printf("  [%s] %,d messages had not arrived %.1f s after the last send completed%n", target, missing,
                    (System.nanoTime() - measureEnd) / 1e9);
        }
        return result(p99Series);
    }

    private void publish(int pub, Sender sender, int pubs) {
        long end = measureEnd;
        long intervalNanos = spec.max() ? 0 : (long) (SEC * (double) pubs / spec.rate());
        long offset = spec.max() ? 0 : intervalNanos * pub / pubs; // stagger publishers
        // overload: only this publisher's own sends awaiting completion limit it (PUBACK window)
        Semaphore ackWindow = spec.ackWindow() > 0 ? new Semaphore(spec.ackWindow()) : null;
        int permits = ackWindow != null ? 0 : fanout[pub];
        long seq = 0;
        sleepUntil(t0);
        while (true) {
            long stamp;
            if (spec.max()) {
                stamp = System.nanoTime();
            } else {
                stamp = t0 + offset + seq * intervalNanos;
                if (stamp - System.nanoTime() > 0) {
                    sleepUntil(stamp);
                }
            }
            if (stamp >= end) {
                return;
            }
            if (permits > 0) {
                try {
                    if (!window.tryAcquire(permits, 1, TimeUnit.SECONDS)) {
                        windowWaits.incrementAndGet(); // probably lost messages: go on without a permit
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (ackWindow != null) {
                try {
                    while (!ackWindow.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        if (System.nanoTime() >= end) {
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (spec.max()) {
                stamp = System.nanoTime();
                if (stamp >= end) {
                    if (ackWindow != null) {
                        ackWindow.release();
                    }
                    return;
                }
            }
            byte[] payload = Payload.make(pub, seq, stamp, spec.payloadSize());
            seq++;
            pendingSends.incrementAndGet();
            long sentStamp = stamp;
            try {
                sender.send(payload).whenComplete((ok, error) -> {
                    if (ackWindow != null) {
                        ackWindow.release();
                    }
                    if (error == null) {
                        sentOk[pub].incrementAndGet();
                        long now = System.nanoTime();
                        if (sentStamp >= measureStart && sentStamp < measureEnd) {
                            acked.recordValue(Math.max(0, Math.min(MAX_LATENCY_US, (now - sentStamp) / 1000)));
                        }
                        int sec = (int) ((now - t0) / SEC);
                        if (sec >= 0 && sec < inPerSec.length()) {
                            inPerSec.incrementAndGet(sec);
                        }
                    } else {
                        publishFailures.incrementAndGet();
                        window.release(permits);
                    }
                    pendingSends.decrementAndGet();
                });
            } catch (RuntimeException e) {
                if (ackWindow != null) {
                    ackWindow.release();
                }
                publishFailures.incrementAndGet();
                window.release(permits);
                pendingSends.decrementAndGet();
            }
        }
    }

    private void hook(Runnable r) {
        if (r != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                extra.put("hookError", e.toString());
            }
        }
    }

    private long expected() {
        long e = 0;
        for (int i = 0; i < sentOk.length; i++) {
            e += sentOk[i].get() * fanout[i];
        }
        return e;
    }

    private LoadResult result(List<Double> p99Series) {
        Histogram h = measured.getIntervalHistogram();
        Histogram a = acked.getIntervalHistogram();
        long sent = 0;
        for (AtomicLong s : sentOk) {
            sent += s.get();
        }
        long unique = 0;
        long lost = 0;
        for (int r = 0; r < seen.length; r++) {
            int[] rp = topology.receiverPublishers()[r];
            for (int k = 0; k < rp.length; k++) {
                BitSet bits = seen[r][k];
                long got;
                synchronized (bits) {
                    got = bits.cardinality();
                }
                unique += got;
                lost += Math.max(0, sentOk[rp[k]].get() - got);
            }
        }
        long inMeasured = 0;
        long outMeasured = 0;
        List<Long> ins = new ArrayList<>();
        List<Long> outs = new ArrayList<>();
        int last = seconds;
        for (int s = seconds; s < outPerSec.length(); s++) {
            if (outPerSec.get(s) > 0 || inPerSec.get(s) > 0) {
                last = s + 1; // the drain's arrivals too
            }
        }
        for (int s = 0; s < last; s++) {
            ins.add(inPerSec.get(s));
            outs.add(outPerSec.get(s));
            if (s >= spec.warmupSec() && s < seconds) {
                inMeasured += inPerSec.get(s);
                outMeasured += outPerSec.get(s);
            }
        }
        double d = spec.durationSec();
        return new LoadResult(target, senders(), seen.length, spec.qos(), spec.payloadSize(), spec.rate(),
                inMeasured / d, outMeasured / d,
                ms(h, 50), ms(h, 95), ms(h, 99), ms(h, 99.9), h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0,
                ms(a, 50), ms(a, 99), ms(a, 99.9), a.getTotalCount() == 0 ? 0 : a.getMaxValue() / 1000.0,
                a.getTotalCount(),
                sent, expected(), unique, lost, duplicates.get(), publishFailures.get(), windowWaits.get(),
                ins, outs, p99Series, spec.warmupSec(), Env.loadAverage(), new java.util.LinkedHashMap<>(extra), h, a);
    }

    private int senders() {
        return sentOk.length;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static void sleepUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private final boolean tty = System.console() != null;
    private int lines;

    private void line(String s) {
        if (progress == null) {
            return;
        }
        if (tty) {
            progress.print("\r" + s + "   ");
            progress.flush();
        } else if (lines++ % 5 == 4) {
            progress.println(s);
        }
    }

    private void endLine() {
        if (progress != null && tty) {
            progress.println();
        }
    }
}
