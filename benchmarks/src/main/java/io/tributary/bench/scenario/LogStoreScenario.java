package io.tributary.bench.scenario;

import io.tributary.bench.Options;
import io.tributary.bench.logstore.FsyncProbe;
import io.tributary.bench.proc.Procs;
import io.tributary.bench.report.Env;
import io.tributary.bench.report.Report;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Storage candidates for the durable per-integration log (issue #10), on the same workload:
 * {@code --threads} appenders (MQTT publishers) each with up to {@code --window} appends in flight
 * (QoS 1 publishers waiting for PUBACK), ~250-byte records. Per candidate, in a JVM of its own
 * ({@code LogStoreWorker}): throughput and append-to-stored latency over the measured window;
 * then filled to {@code --records}, killed with SIGKILL, and reopened: recovery time (open, one
 * stored append, read everything from the first record) and disk bytes per record. First the
 * disk's raw fsync rate, which bounds every group commit. Recovery reads a warm page cache (what
 * the killed process wrote) unless {@code --drop-caches true} empties it first (root only).
 */
public final class LogStoreScenario {
    /** The flags Chronicle documents for Java 17+ (chronicle.software, "Chronicle support for Java 17"). */
    public static final List<String> CHRONICLE_JVM_FLAGS = List.of(
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true");
    /** chronicle-sync (each of 8 threads msyncs its own write) is left out: a few hundred records/s, minutes to fill. */
    public static final String DEFAULT_STORES =
            "segmentlog-fsync,segmentlog-os,rocksdb,sqlite,chronicle,chronicle-1w,chronicle-1w-msync";
    private static final String WORKER = "io.tributary.bench.logstore.LogStoreWorker";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LogStoreScenario() {
    }

    @SuppressWarnings("unchecked")
    public static Report run(Context ctx, Options o) throws Exception {
        List<String> stores = o.list("stores", List.of(DEFAULT_STORES.split(",")));
        int threads = o.integer("threads", 8);
        int window = o.integer("window", 16);
        int warmup = o.seconds("warmup", 3);
        int duration = o.seconds("duration", 10);
        int records = o.integer("records", 1_000_000);
        int fillWindow = o.integer("fill-window", 256);
        int fillTimeout = o.seconds("fill-timeout", 180);
        int fsyncSeconds = o.seconds("fsync-seconds", 3);
        String jvm = o.str("store-jvm", "-Xms512m -Xmx1g -XX:+UseG1GC");
        boolean chronicleFlags = o.flag("chronicle-flags", true);
        boolean keep = o.flag("keep", false);
        boolean dropCaches = o.flag("drop-caches", false);
        String name = o.str("name", "logstore");
        int rounds = o.integer("rounds", 1);
        // on the disk the broker's data dir would be on: under the repository, not /tmp (may be tmpfs)
        Path base = o.path("dir", ctx.repoRoot.resolve("benchmarks/target"));
        Files.createDirectories(base);
        Path tmp = Files.createTempDirectory(base.toAbsolutePath(), "logstore-");

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("stores", stores);
        params.put("rounds", rounds);
        params.put("threads", threads);
        params.put("windowPerThread", window);
        params.put("warmupSeconds", warmup);
        params.put("measuredSeconds", duration);
        params.put("recoveryRecords", records);
        params.put("fillWindowPerThread", fillWindow);
        params.put("fillTimeoutSeconds", fillTimeout);
        params.put("dropCachesBeforeRecovery", dropCaches);
        params.put("storeJvm", jvm);
        params.put("chronicleJvmFlags", chronicleFlags ? CHRONICLE_JVM_FLAGS : List.of());
        params.put("dir", tmp.toString());
        params.put("filesystem", filesystem(tmp));
        Report report = new Report(name, ctx.command, ctx.env, params);
        ctx.out.printf("%n### %s: %d appenders x %d in flight, ~250 B records, %d s measured after %d s warm-up; "
                + "recovery of %,d records after kill -9; in %s (%s)%n", name, threads, window, duration, warmup,
                records, tmp, params.get("filesystem"));
        try {
            Map<String, Object> fsync = new LinkedHashMap<>();
            for (boolean meta : new boolean[]{false, true}) {
                Map<String, Object> f = FsyncProbe.run(tmp, fsyncSeconds, meta);
                fsync.put(meta ? "force(true)" : "force(false)", f);
                ctx.out.printf("  disk: %s: %,d/s (p50 %.3f ms, p99 %.3f ms)%n", f.get("call"), (long) f.get("perSec"),
                        (double) f.get("p50Ms"), (double) f.get("p99Ms"));
            }
            report.figures.put("fsync", fsync);

            // rounds run the candidates in turn, so that other load on the machine spreads over all of them
            Map<String, Object> all = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                if (rounds > 1) {
                    ctx.out.printf("%n  round %d of %d (load average %s)%n", round, rounds, Env.loadAverage());
                }
                for (String store : stores) {
                    List<Map<String, Object>> runs = (List<Map<String, Object>>) all.computeIfAbsent(store,
                            k -> new ArrayList<Map<String, Object>>());
                    runs.add(runStore(ctx, store, tmp, jvm, chronicleFlags, threads, window, warmup, duration,
                            records, fillWindow, fillTimeout, dropCaches, keep));
                    report.figures.put("stores", all);
                    report.write(ctx.outDir, name); // partial results survive a later failure
                }
            }
            report.figures.put("loadAverage", Env.loadAverage());
            String table = table(report);
            ctx.out.println();
            ctx.out.println("== " + name);
            ctx.out.println(table);
            Files.createDirectories(ctx.outDir);
            Files.writeString(ctx.outDir.resolve(name + ".md"), table);
            ctx.out.println("  results: " + report.write(ctx.outDir, name));
        } finally {
            if (!keep) {
                deleteTree(tmp);
            }
        }
        return report;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> runStore(Context ctx, String store, Path tmp, String jvm, boolean chronicleFlags,
                                        int threads, int window, int warmup, int duration, int records,
                                        int fillWindow, int fillTimeout, boolean dropCaches, boolean keep)
            throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("loadAverageAtStart", Env.loadAverage());
        Path dir = tmp.resolve(store);
        List<String> flags = new ArrayList<>(Procs.split(jvm));
        // RocksDB, sqlite-jdbc and jffi extract native libraries to java.io.tmpdir; a killed JVM leaves
        // them behind (17 MB for RocksDB), so they go to the run's temp dir, deleted at the end
        Path jvmTmp = Files.createDirectories(tmp.resolve("jvm-tmp"));
        flags.add("-Djava.io.tmpdir=" + jvmTmp);
        if (store.startsWith("chronicle") && chronicleFlags) {
            flags.addAll(CHRONICLE_JVM_FLAGS);
        }
        ctx.out.printf("%n  -- %s%n", store);
        try {
            Map<String, Object> write = worker(ctx, flags, List.of("write", "--store", store, "--dir", dir.toString(),
                    "--threads", String.valueOf(threads), "--window", String.valueOf(window),
                    "--warmup", String.valueOf(warmup), "--duration", String.valueOf(duration),
                    "--records", String.valueOf(records), "--fill-window", String.valueOf(fillWindow),
                    "--fill-timeout", String.valueOf(fillTimeout)), true);
            out.put("write", write);
            long apparent = apparentBytes(dir);
            long allocated = allocatedBytes(dir);
            long n = ((Number) write.get("records")).longValue();
            Map<String, Object> disk = new LinkedHashMap<>();
            disk.put("apparentBytes", apparent);
            disk.put("allocatedBytes", allocated);
            disk.put("files", fileList(dir));
            disk.put("apparentBytesPerRecord", Math.round(apparent * 10.0 / n) / 10.0);
            disk.put("allocatedBytesPerRecord", Math.round(allocated * 10.0 / n) / 10.0);
            out.put("disk", disk);
            ctx.out.printf("  %s: on disk after kill -9: %,d bytes allocated (%.1f per record), %,d apparent%n", store,
                    allocated, allocated / (double) n, apparent);
            if (dropCaches) {
                out.put("cachesDropped", dropPageCache());
            }
            Map<String, Object> recover = worker(ctx, flags, List.of("recover", "--store", store,
                    "--dir", dir.toString(), "--expect", String.valueOf(n),
                    "--bytes", String.valueOf(((Number) write.get("recordBytes")).longValue())), false);
            out.put("recover", recover);
            out.put("loadAverageAtEnd", Env.loadAverage());
        } catch (Exception e) {
            out.put("error", e.getMessage());
            ctx.out.printf("  %s FAILED: %s%n", store, e.getMessage());
        } finally {
            if (!keep) {
                deleteTree(dir);
            }
        }
        return out;
    }

    /** Runs the worker; echoes its output; for "write", kills it (SIGKILL) once it has written everything. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> worker(Context ctx, List<String> jvmFlags, List<String> args, boolean killWhenWritten)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Procs.java());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(WORKER);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String result = null;
        List<String> tail = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = line.substring("RESULT ".length());
                    continue;
                }
                tail.add(line);
                if (tail.size() > 40) {
                    tail.remove(0);
                }
                if (line.startsWith("WRITTEN;") && killWhenWritten) {
                    p.destroyForcibly(); // SIGKILL: a crash, not a clean close
                    break;
                }
                ctx.out.println(line);
            }
        } finally {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (result == null) {
            throw new IllegalStateException("worker exited with " + p.exitValue() + " without a result:\n  "
                    + String.join("\n  ", tail));
        }
        Map<String, Object> m = JSON.readValue(result, LinkedHashMap.class);
        if (m.containsKey("error")) {
            throw new IllegalStateException(String.valueOf(m.get("error")));
        }
        return m;
    }

    /** The class path of this JVM (benchmarks.jar, whose manifest names lib/*), absolute. */
    static String classPath() {
        List<String> parts = new ArrayList<>();
        for (String p : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!p.isEmpty()) {
                parts.add(Path.of(p).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    /** Markdown table of each candidate's median over the rounds (the only value with one round). */
    @SuppressWarnings("unchecked")
    static String table(Report report) {
        Map<String, Object> stores = (Map<String, Object>) report.figures.get("stores");
        StringBuilder t = new StringBuilder();
        t.append("| candidate | records/s | p50 ms | p99 ms | p99.9 ms | max ms | CPU cores busy | disk B/record "
                + "(allocated) | record B | records recovered | recovery ms (open + 1st stored append + read all) |\n");
        t.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        StringBuilder rounds = new StringBuilder();
        for (Map.Entry<String, Object> e : stores.entrySet()) {
            List<Map<String, Object>> all = (List<Map<String, Object>>) e.getValue();
            List<Map<String, Object>> runs = all.stream().filter(r -> r.containsKey("recover")).toList();
            if (runs.isEmpty()) {
                t.append("| ").append(e.getKey()).append(" | failed: ")
                        .append(String.valueOf(all.get(0).get("error")).lines().findFirst().orElse(""))
                        .append(" ||||||||||\n");
                continue;
            }
            t.append(String.format("| %s | %,.0f | %.3f | %.3f | %.3f | %.1f | %.2f | %.1f | %.1f | %,.0f | %,.0f (%,.0f + %.1f + %,.0f) |%n",
                    e.getKey(), median(runs, "write", "recordsPerSec"), median(runs, "write", "p50Ms"),
                    median(runs, "write", "p99Ms"), median(runs, "write", "p999Ms"), median(runs, "write", "maxMs"),
                    median(runs, "write", "cpuCoresBusy"), median(runs, "disk", "allocatedBytesPerRecord"),
                    median(runs, "write", "averageRecordBytes"), median(runs, "recover", "recordsRead"),
                    median(runs, "recover", "recoveryMs"), median(runs, "recover", "openMs"),
                    median(runs, "recover", "firstAppendMs"), median(runs, "recover", "readAllMs")));
            if (all.size() > 1) {
                rounds.append(String.format("- %s, each round: records/s %s; p99 ms %s; recovery ms %s%s%n", e.getKey(),
                        each(all, "write", "recordsPerSec", "%,.0f"), each(all, "write", "p99Ms", "%.2f"),
                        each(all, "recover", "recoveryMs", "%,.0f"),
                        runs.size() < all.size() ? " (" + (all.size() - runs.size()) + " failed)" : ""));
            }
        }
        if (!rounds.isEmpty()) {
            t.append("\nMedians of the rounds above.\n\n").append(rounds);
        }
        return t.toString();
    }

    @SuppressWarnings("unchecked")
    static double median(List<Map<String, Object>> runs, String part, String key) {
        List<Double> v = new ArrayList<>();
        for (Map<String, Object> r : runs) {
            double d = num((Map<String, Object>) r.get(part), key).doubleValue();
            if (!Double.isNaN(d)) {
                v.add(d);
            }
        }
        if (v.isEmpty()) {
            return Double.NaN;
        }
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    @SuppressWarnings("unchecked")
    private static String each(List<Map<String, Object>> runs, String part, String key, String format) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : runs) {
            double d = num((Map<String, Object>) r.get(part), key).doubleValue();
            out.add(Double.isNaN(d) ? "failed" : String.format(format, d));
        }
        return String.join(" / ", out);
    }

    private static Number num(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v instanceof Number n ? n : Double.NaN;
    }

    /**
     * Empties the OS page cache (root only) so that recovery reads from the disk, as after a
     * reboot; without it recovery reads what the crashed process left in the cache, as after kill -9.
     */
    static String dropPageCache() {
        try {
            Procs.run(List.of("sync"));
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
            return "yes";
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    static long apparentBytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    /** Blocks the files really take ({@code du -s -B1}): sparse and preallocated files count as what they use. */
    static long allocatedBytes(Path dir) {
        try {
            String out = Procs.run(List.of("du", "-s", "-B1", dir.toString())).trim();
            return Long.parseLong(out.split("\\s+")[0]);
        } catch (Exception e) {
            return -1;
        }
    }

    static Map<String, Long> fileList(Path dir) throws IOException {
        Map<String, Long> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                files.put(dir.relativize(p).toString(), Files.size(p));
            }
        }
        return files;
    }

    static String filesystem(Path dir) {
        try {
            String out = Procs.run(List.of("df", "-T", dir.toString())).trim();
            String[] lines = out.split("\n");
            String[] f = lines[lines.length - 1].trim().split("\\s+");
            return f[1] + " on " + f[0];
        } catch (Exception e) {
            return "unknown";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
