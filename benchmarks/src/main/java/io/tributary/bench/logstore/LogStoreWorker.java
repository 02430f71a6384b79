package io.tributary.bench.logstore;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.json.JsonMapper;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One candidate in a JVM of its own (started by {@code LogStoreScenario}), so that candidates do
 * not share heap, JIT or threads and Chronicle gets its JVM flags alone.
 *
 * <ul>
 *   <li>{@code write}: {@code --threads} appenders each keep up to {@code --window} appends in
 *   flight and start the next one only when a slot is free (a QoS 1 publisher waiting for
 *   PUBACKs). Warm-up, then a measured window: throughput and append-to-stored latency. That
 *   store is closed and deleted; a fresh one is filled with exactly {@code --records} records
 *   (deeper window), and the worker waits to be killed (SIGKILL: the scenario measures recovery
 *   after a crash, not after a clean close).</li>
 *   <li>{@code recover}: opens the store left behind, appends one record and waits until it is
 *   stored, then reads every record from the first; times each step.</li>
 * </ul>
 * Prints progress, then one line {@code RESULT {json}}.
 */
public final class LogStoreWorker {
    static final String RESULT = "RESULT ";
    static final String KILL_ME = "WRITTEN; waiting to be killed";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int POOL = 4096;

    private LogStoreWorker() {
    }

    public static void main(String[] args) throws Exception {
        quietLogging();
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String store = o.get("store");
        Path dir = Path.of(o.get("dir"));
        Map<String, Object> result = switch (args[0]) {
            case "write" -> write(store, dir, Integer.parseInt(o.get("threads")), Integer.parseInt(o.get("window")),
                    Integer.parseInt(o.get("warmup")), Integer.parseInt(o.get("duration")),
                    Long.parseLong(o.get("records")), Integer.parseInt(o.get("fill-window")),
                    Integer.parseInt(o.getOrDefault("fill-timeout", "180")));
            case "recover" -> recover(store, dir, Long.parseLong(o.get("expect")), Long.parseLong(o.get("bytes")));
            default -> throw new IllegalArgumentException("write or recover, not " + args[0]);
        };
        System.out.println(RESULT + JSON.writeValueAsString(result));
        System.out.flush();
        if (args[0].equals("write")) {
            System.out.println(KILL_ME);
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5)); // the scenario kills us; the bound is a safety net
            System.exit(3);
        }
        System.exit(0);
    }

    /** The libraries log through SLF4J/Logback; their INFO and DEBUG lines would drown the progress. */
    private static void quietLogging() {
        org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    // ---- write

    static Map<String, Object> write(String name, Path dir, int threads, int window, int warmupSec, int durationSec,
                                     long records, int fillWindow, int fillTimeoutSec) throws Exception {
        List<byte[][]> pools = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            LogRecords gen = new LogRecords(t, 42);
            byte[][] pool = new byte[POOL][];
            for (int i = 0; i < POOL; i++) {
                pool[i] = gen.next();
            }
            pools.add(pool);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        long openStart = System.nanoTime();
        // throughput and latency on a store of their own, so that every candidate's recovery store
        // holds the same number of records however fast it was
        Path loadDir = dir.resolveSibling(dir.getFileName() + "-load");
        LogStore store = LogStore.open(name, loadDir);
        r.put("openMs", ms(System.nanoTime() - openStart));
        Load load = new Load(store, pools, window);
        long start = System.nanoTime();
        load.start();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSec);
        long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(durationSec);
        load.measureFrom = measureFrom;
        load.measureTo = measureTo;
        List<Long> perSecond = new ArrayList<>();
        long lastCount = 0;
        long cpuAtFrom = 0;
        for (int s = 1; s <= warmupSec + durationSec; s++) {
            sleepUntil(start + TimeUnit.SECONDS.toNanos(s));
            long count = load.completed.sum();
            if (s == warmupSec) {
                cpuAtFrom = processCpuNanos();
            }
            if (s > warmupSec) {
                perSecond.add(count - lastCount);
            }
            System.out.printf("  %s %s %2ds %,9d records/s%n", name, s <= warmupSec ? "warm-up " : "measured",
                    s, count - lastCount);
            lastCount = count;
        }
        long cpuAtTo = processCpuNanos();
        load.stop();
        Histogram h = load.latency;
        double seconds = (double) (measureTo - measureFrom) / 1e9;
        r.put("threads", threads);
        r.put("window", window);
        r.put("measuredSeconds", durationSec);
        r.put("recordsPerSec", Math.round(load.inWindow.sum() / seconds));
        r.put("p50Ms", h.getValueAtPercentile(50) / 1e6);
        r.put("p99Ms", h.getValueAtPercentile(99) / 1e6);
        r.put("p999Ms", h.getValueAtPercentile(99.9) / 1e6);
        r.put("maxMs", h.getMaxValue() / 1e6);
        r.put("latencySamples", h.getTotalCount());
        r.put("cpuCoresBusy", Math.round((cpuAtTo - cpuAtFrom) / 1e9 / seconds * 100) / 100.0);
        r.put("perSecond", perSecond);

        r.put("durability", store.durability());
        store.close();
        deleteTree(loadDir);

        // the store the scenario kills and recovers: exactly --records records, same appenders,
        // a deeper window (more per commit: it only has to be full, not measured)
        long fillStart = System.nanoTime();
        LogStore filled = LogStore.open(name, dir); // never closed: the scenario kills this JVM, like a crash
        Load fill = new Load(filled, pools, fillWindow);
        fill.limit = records;
        fill.start();
        fill.awaitLimit(TimeUnit.SECONDS.toNanos(fillTimeoutSec));
        fill.stop();
        long have = fill.appended.get();
        long bytes = fill.bytes.sum();
        r.put("fillSeconds", Math.round((System.nanoTime() - fillStart) / 1e7) / 100.0);
        r.put("records", have);
        r.put("fillTimedOut", have < records);
        r.put("recordBytes", bytes);
        r.put("averageRecordBytes", Math.round(bytes * 10.0 / have) / 10.0);
        r.put("fillDurability", filled.durability());
        System.out.printf("  %s: %,d records stored for the recovery test in %.1f s%n", name, have,
                (double) r.get("fillSeconds"));
        return r;
    }

    /** Appender threads, each with a window of appends in flight. */
    static final class Load {
        final LogStore store;
        final List<byte[][]> pools;
        final int window;
        final ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
        final LongAdder completed = new LongAdder();
        final LongAdder inWindow = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final AtomicLong appended = new AtomicLong();
        volatile long measureFrom = Long.MAX_VALUE;
        volatile long measureTo = Long.MAX_VALUE;
        volatile boolean running = true;
        volatile Throwable failure;
        long limit = Long.MAX_VALUE;
        final List<Thread> threads = new ArrayList<>();
        final List<Semaphore> slots = new ArrayList<>();

        Load(LogStore store, List<byte[][]> pools, int window) {
            this.store = store;
            this.pools = pools;
            this.window = window;
        }

        void start() {
            for (int t = 0; t < pools.size(); t++) {
                byte[][] pool = pools.get(t);
                Semaphore slot = new Semaphore(window);
                slots.add(slot);
                Thread th = new Thread(() -> run(pool, slot), "appender-" + t);
                th.setDaemon(true);
                threads.add(th);
                th.start();
            }
        }

        private void run(byte[][] pool, Semaphore slot) {
            int i = 0;
            try {
                while (running) {
                    slot.acquire();
                    if (appended.incrementAndGet() > limit) {
                        appended.decrementAndGet();
                        slot.release();
                        break;
                    }
                    byte[] rec = pool[i++ & (POOL - 1)];
                    long t0 = System.nanoTime();
                    CompletableFuture<Void> f = store.append(rec);
                    bytes.add(rec.length);
                    f.whenComplete((v, e) -> {
                        long now = System.nanoTime();
                        if (e != null) {
                            failure = e;
                        } else {
                            completed.increment();
                            if (t0 >= measureFrom && t0 < measureTo) {
                                latency.recordValue(now - t0);
                            }
                            if (now >= measureFrom && now < measureTo) {
                                inWindow.increment();
                            }
                        }
                        slot.release();
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                failure = e;
            }
        }

        /** Waits until {@link #limit} records are appended, or stops appending after {@code timeoutNanos}. */
        void awaitLimit(long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            for (Thread t : threads) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(t, left);
                }
            }
            running = false;
        }

        /** Stops appending and waits until every append in flight is stored. */
        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join();
            }
            for (Semaphore s : slots) {
                if (!s.tryAcquire(window, 60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("appends still not stored after 60 s");
                }
            }
            if (failure != null) {
                throw new IllegalStateException("an append failed", failure);
            }
        }
    }

    // ---- recover

    static Map<String, Object> recover(String name, Path dir, long expect, long expectBytes) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        // load the library and its classes first with a small store of the same kind, as a broker
        // that already runs other integrations has; this one-off cost is reported apart
        Path scratch = dir.resolveSibling(dir.getFileName() + "-scratch");
        long libStart = System.nanoTime();
        try (LogStore s = LogStore.open(name, scratch)) {
            LogRecords gen = new LogRecords(0, 7);
            CompletableFuture<Void> last = null;
            for (int i = 0; i < 1000; i++) {
                last = s.append(gen.next());
            }
            last.get(30, TimeUnit.SECONDS);
            s.readAll((len, first) -> { });
        }
        r.put("firstUseMs", ms(System.nanoTime() - libStart));
        deleteTree(scratch);

        long t0 = System.nanoTime();
        LogStore store = LogStore.open(name, dir);
        long t1 = System.nanoTime();
        byte[] extra = new LogRecords(99, 1).next();
        store.append(extra).get(30, TimeUnit.SECONDS);
        long t2 = System.nanoTime();
        long[] seen = new long[2];
        long count = store.readAll((len, first) -> {
            seen[0]++;
            seen[1] += len;
        });
        long t3 = System.nanoTime();
        store.close();
        r.put("openMs", ms(t1 - t0));
        r.put("firstAppendMs", ms(t2 - t1));
        r.put("readAllMs", ms(t3 - t2));
        r.put("recoveryMs", ms(t3 - t0));
        r.put("recordsRead", count);
        r.put("recordsExpected", expect + 1);
        r.put("bytesRead", seen[1]);
        if (count != expect + 1 || seen[0] != count || seen[1] != expectBytes + extra.length) {
            r.put("error", "read " + count + " records of " + seen[1] + " bytes, expected " + (expect + 1)
                    + " records of " + (expectBytes + extra.length) + " bytes");
        }
        System.out.printf("  %s: recovered %,d records in %.0f ms (open %.0f, first stored append %.1f, read all %.0f)%n",
                name, count, ms(t3 - t0), ms(t1 - t0), ms(t2 - t1), ms(t3 - t2));
        return r;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
