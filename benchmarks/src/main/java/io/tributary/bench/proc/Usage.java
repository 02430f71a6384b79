package io.tributary.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the machine did during a measured window (Linux {@code /proc}): CPU of named processes
 * (and, for one of them, per thread), the whole machine's busy and I/O-wait share, and the
 * counters of the disk holding a directory (writes, and flush requests: on this kind of disk
 * every {@code fdatasync} that had data to write reaches the device as one flush).
 * Take a {@link Snapshot} at the start and at the end, then {@link #between}.
 */
public final class Usage {
    private static final double TICKS_PER_SEC = ticksPerSec();

    private final Map<String, Long> pids;
    private final String threadsOf;
    private final Map<String, Predicate<String>> groups;
    private final String disk;

    /**
     * @param pids      processes by name (e.g. tributary, kafka, loadgen)
     * @param threadsOf the name whose threads are also reported one by one, or null
     * @param diskOf    a path on the disk whose counters to read, or null
     */
    public Usage(Map<String, Long> pids, String threadsOf, Path diskOf) {
        this(pids, threadsOf, Map.of(), diskOf);
    }

    /**
     * @param groups threads of this JVM (the load generator) whose CPU is reported as one figure
     *               each, by a test on the thread's name (15 characters, as in {@code /proc}):
     *               e.g. the raw Kafka producer's sending threads and its I/O thread
     */
    public Usage(Map<String, Long> pids, String threadsOf, Map<String, Predicate<String>> groups, Path diskOf) {
        this.pids = new LinkedHashMap<>(pids);
        this.threadsOf = threadsOf;
        this.groups = new LinkedHashMap<>(groups);
        this.disk = diskOf == null ? null : deviceOf(diskOf);
    }

    /** JIT compiler threads of a HotSpot JVM (by their name in {@code /proc}). */
    public static boolean isJit(String thread) {
        return thread.startsWith("C1 CompilerThre") || thread.startsWith("C2 CompilerThre");
    }

    /** GC and other VM-internal threads of a HotSpot JVM (G1). */
    public static boolean isGcOrVm(String thread) {
        return thread.startsWith("GC Thread") || thread.startsWith("G1 ") || thread.startsWith("VM ")
                || thread.equals("Service Thread") || thread.equals("Monitor Deflati");
    }

    /** This JVM's pid, under the name {@code loadgen} in the scenarios. */
    public static long self() {
        return ProcessHandle.current().pid();
    }

    public record Snapshot(long nanos, Map<String, Long> ticks, Map<String, long[]> threads, long[] machine,
                           long[] disk, Map<String, long[]> ownThreads) {
    }

    public Snapshot snapshot() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        pids.forEach((name, pid) -> ticks.put(name, processTicks(pid)));
        Map<String, long[]> threads = threadsOf == null || !pids.containsKey(threadsOf) ? Map.of()
                : threadTicks(pids.get(threadsOf));
        Map<String, long[]> own = groups.isEmpty() ? Map.of() : threadTicks(self());
        return new Snapshot(System.nanoTime(), ticks, threads, machineTicks(), diskCounters(), own);
    }

    /** Cores busy per process, the busiest threads, machine and disk rates between two snapshots. */
    public Map<String, Object> between(Snapshot a, Snapshot b) {
        double secs = (b.nanos() - a.nanos()) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seconds", round(secs, 1));
        Map<String, Object> cores = new LinkedHashMap<>();
        a.ticks().forEach((name, t0) -> {
            Long t1 = b.ticks().get(name);
            if (t0 >= 0 && t1 != null && t1 >= 0) {
                cores.put(name, round((t1 - t0) / TICKS_PER_SEC / secs, 2));
            }
        });
        out.put("coresBusy", cores);
        if (!a.threads().isEmpty()) {
            // threads by name (comm, 15 characters), same names summed: e.g. 2 Netty event loops
            Map<String, double[]> byName = new HashMap<>();
            b.threads().forEach((key, v1) -> {
                long[] v0 = a.threads().get(key);
                long used = v1[0] - (v0 == null ? 0 : v0[0]);
                String name = key.substring(key.indexOf(':') + 1);
                double[] acc = byName.computeIfAbsent(name, k -> new double[3]);
                acc[0] += used / TICKS_PER_SEC / secs;
                acc[1]++;
                acc[2] += (v1[1] - (v0 == null ? 0 : v0[1])) / secs;
            });
            List<Map.Entry<String, double[]>> top = new ArrayList<>(byName.entrySet());
            top.sort((x, y) -> Double.compare(y.getValue()[0], x.getValue()[0]));
            Map<String, Object> threads = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : top.subList(0, Math.min(12, top.size()))) {
                if (e.getValue()[0] >= 0.005) {
                    threads.put(e.getKey() + (e.getValue()[1] > 1 ? " (x" + (int) e.getValue()[1] + ")" : ""),
                            round(e.getValue()[0], 3));
                }
            }
            out.put("threadsOf" + capitalize(threadsOf), threads);
            // how often the busiest threads went to sleep (a park, a lock, a futex): hand-offs between threads
            Map<String, Object> switches = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : top.subList(0, Math.min(12, top.size()))) {
                if (e.getValue()[0] >= 0.005) {
                    switches.put(e.getKey(), Math.round(e.getValue()[2]));
                }
            }
            out.put("voluntaryContextSwitchesPerSecOf" + capitalize(threadsOf), switches);
            // the process split into JIT compiler, GC/VM and everything else (the application's threads)
            Map<String, Object> kinds = new LinkedHashMap<>();
            kinds.put("jit", round(cores(a.threads(), b.threads(), Usage::isJit, secs), 3));
            kinds.put("gcAndVm", round(cores(a.threads(), b.threads(), Usage::isGcOrVm, secs), 3));
            kinds.put("application", round(cores(a.threads(), b.threads(), t -> !isJit(t) && !isGcOrVm(t), secs), 3));
            out.put("threadKindsOf" + capitalize(threadsOf), kinds);
        }
        if (!groups.isEmpty()) {
            Map<String, Object> g = new LinkedHashMap<>();
            groups.forEach((name, test) -> g.put(name, round(cores(a.ownThreads(), b.ownThreads(), test, secs), 3)));
            out.put("loadgenThreadGroups", g);
        }
        if (a.machine() != null && b.machine() != null) {
            long total = b.machine()[0] - a.machine()[0];
            long idle = b.machine()[1] - a.machine()[1];
            long iowait = b.machine()[2] - a.machine()[2];
            if (total > 0) {
                int n = Runtime.getRuntime().availableProcessors();
                out.put("machineCoresBusy", round((total - idle - iowait) / (double) total * n, 2));
                out.put("machineIoWaitCores", round(iowait / (double) total * n, 2));
            }
        }
        if (a.disk() != null && b.disk() != null) {
            long writes = b.disk()[0] - a.disk()[0];
            long sectors = b.disk()[1] - a.disk()[1];
            long flushes = b.disk()[2] - a.disk()[2];
            long flushMs = b.disk()[3] - a.disk()[3];
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("device", disk);
            d.put("writesPerSec", Math.round(writes / secs));
            d.put("writeMiBPerSec", round(sectors * 512 / 1048576.0 / secs, 2));
            d.put("flushesPerSec", Math.round(flushes / secs));
            d.put("flushMsAvg", flushes == 0 ? 0 : round(flushMs / (double) flushes, 3));
            out.put("disk", d);
        }
        return out;
    }

    /** Cores busy in the threads whose name passes {@code test}, between two per-thread snapshots. */
    private static double cores(Map<String, long[]> a, Map<String, long[]> b, Predicate<String> test, double secs) {
        long used = 0;
        for (Map.Entry<String, long[]> e : b.entrySet()) {
            String name = e.getKey().substring(e.getKey().indexOf(':') + 1);
            if (test.test(name)) {
                long[] v0 = a.get(e.getKey());
                used += e.getValue()[0] - (v0 == null ? 0 : v0[0]);
            }
        }
        return used / TICKS_PER_SEC / secs;
    }

    private static long processTicks(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** tid:name → {utime + stime}. */
    private static Map<String, long[]> threadTicks(long pid) {
        Map<String, long[]> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    out.put(t.getFileName() + ":" + name, new long[]{ticks(stat), contextSwitches(t)});
                } catch (IOException | RuntimeException e) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        return out;
    }

    /** Voluntary context switches of a thread (it blocked: a lock, a park, a wait for I/O), or 0. */
    private static long contextSwitches(Path task) {
        try {
            for (String line : Files.readAllLines(task.resolve("status"))) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // the thread ended
        }
        return 0;
    }

    /** utime + stime of a {@code /proc/.../stat} line (fields 14 and 15; the name may hold spaces). */
    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** {total, idle, iowait} jiffies of all CPUs. */
    private static long[] machineTicks() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            return new long[]{total, Long.parseLong(f[4]), Long.parseLong(f[5])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {writes completed, sectors written, flush requests completed, ms flushing} of the disk. */
    private long[] diskCounters() {
        if (disk == null) {
            return null;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/diskstats"))) {
                String[] f = line.trim().split("\\s+");
                // major minor name, reads(4), writes: completed merged sectors ms, in-flight, io ms,
                // weighted ms, discards(4), flushes: completed ms
                if (f.length >= 20 && f[2].equals(disk)) {
                    return new long[]{Long.parseLong(f[7]), Long.parseLong(f[9]), Long.parseLong(f[18]),
                            Long.parseLong(f[19])};
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an older kernel without flush counters
        }
        return null;
    }

    /** The block device (as named in /proc/diskstats) holding a path, e.g. vda, or null. */
    static String deviceOf(Path path) {
        try {
            Path p = path.toAbsolutePath();
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            String name = Files.getFileStore(p).name(); // e.g. /dev/vda
            String dev = name.startsWith("/dev/") ? name.substring(5) : name;
            for (String line : Files.readAllLines(Path.of("/proc/diskstats"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 2 && f[2].equals(dev)) {
                    return dev;
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return null;
    }

    private static double ticksPerSec() {
        try {
            return Double.parseDouble(Procs.run(List.of("getconf", "CLK_TCK")).trim());
        } catch (Exception e) {
            return 100;
        }
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
