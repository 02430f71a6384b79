package io.tributary.bench.scenario;

import io.tributary.bench.Options;
import io.tributary.bench.proc.TributaryProcess;
import io.tributary.bench.report.Env;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Where a run reads from (repository, distribution) and writes to (results, charts). */
public final class Context {
    public final Path repoRoot;
    public final Path outDir;
    /** Extra directory the PNG charts are copied to (e.g. docs/benchmarks), or null. */
    public final Path chartsDir;
    public final PrintStream out;
    public final Map<String, Object> env;
    public final String command;

    public Context(Path repoRoot, Path outDir, Path chartsDir, PrintStream out, String command) {
        this.repoRoot = repoRoot;
        this.outDir = outDir;
        this.chartsDir = chartsDir;
        this.out = out;
        this.command = command;
        this.env = Env.describe(repoRoot);
    }

    /** The unpacked distribution's lib/ ({@code plugins-dist/target/tributary-<version>/lib}) unless --dist says. */
    public Path distLib(Options o) {
        Path dflt = repoRoot.resolve("plugins-dist/target/tributary/lib");
        try (var s = Files.newDirectoryStream(repoRoot.resolve("plugins-dist/target"), "tributary-*")) {
            for (Path p : s) {
                if (Files.isDirectory(p.resolve("lib"))) {
                    dflt = p.resolve("lib");
                }
            }
        } catch (IOException ignored) {
            // not built yet: the default path gives a clear error later
        }
        return o.path("dist", dflt);
    }

    public Path kafkaPluginZip(Options o) {
        Path dflt = repoRoot.resolve("benchmarks/target/plugins/kafka-integration.zip");
        if (!Files.exists(dflt)) {
            try (var s = Files.newDirectoryStream(repoRoot.resolve("plugins/kafka-integration/target"), "*.zip")) {
                for (Path p : s) {
                    dflt = p;
                }
            } catch (IOException ignored) {
                // not built
            }
        }
        return o.path("plugin-zip", dflt);
    }

    public String brokerJvm(Options o) {
        return o.str("broker-jvm", TributaryProcess.DEFAULT_JVM);
    }

    /** Extra Tributary configuration flags, e.g. --tributary-args "--integration.max-inflight=1000". */
    public List<String> tributaryArgs(Options o, List<String> base) {
        List<String> all = new ArrayList<>(base);
        all.addAll(io.tributary.bench.proc.Procs.split(o.str("tributary-args", "")));
        return all;
    }

    /** The values {@code integration.durability} takes. */
    public static final List<String> DURABILITY_MODES = List.of("fsync", "os", "memory");

    /**
     * The {@code integration.durability} modes to run Tributary in, in this order, from
     * {@code --durability fsync|os|memory|LIST|all} ({@code all}: memory, fsync, os). Empty when
     * the option is absent: one run, no flag passed, the platform's default (fsync).
     */
    public static List<String> durabilityModes(Options o) {
        String v = o.str("durability", null);
        if (v == null || v.isBlank()) {
            return List.of();
        }
        if (o.str("tributary-args", "").contains("--integration.durability=")) {
            throw new IllegalArgumentException("--durability and --tributary-args \"--integration.durability=...\" "
                    + "both given: use one");
        }
        List<String> modes = v.equals("all") ? List.of("memory", "fsync", "os") : List.of(v.split(","));
        for (String m : modes) {
            if (!DURABILITY_MODES.contains(m)) {
                throw new IllegalArgumentException("--durability " + v + ": each mode is one of " + DURABILITY_MODES
                        + " (or all)");
            }
        }
        if (new java.util.HashSet<>(modes).size() != modes.size()) {
            throw new IllegalArgumentException("--durability " + v + " names a mode twice");
        }
        return modes;
    }

    /** Tributary's flags for one durability mode ("" = the platform default, nothing passed). */
    public List<String> tributaryArgs(Options o, List<String> base, String durability) {
        List<String> all = new ArrayList<>(base);
        if (durability != null && !durability.isEmpty()) {
            all.add("--integration.durability=" + durability);
        }
        all.addAll(io.tributary.bench.proc.Procs.split(o.str("tributary-args", "")));
        return all;
    }

    /** A result label: {@code tributary}, or {@code tributary-fsync} when a durability mode was asked for. */
    public static String label(String durability) {
        return durability == null || durability.isEmpty() ? "tributary" : "tributary-" + durability;
    }

    /**
     * Samples CPU (per process; Tributary per thread), the machine and the disk of {@link #outDir}
     * during the engine's measured window into the result's {@code extra.usage}.
     */
    public void sampleUsage(io.tributary.bench.load.LoadEngine engine, Map<String, Long> pids) {
        sampleUsage(engine, pids, Map.of());
    }

    /**
     * As {@link #sampleUsage(io.tributary.bench.load.LoadEngine, Map)}, plus the CPU of groups of
     * this JVM's threads (by name), e.g. the raw Kafka producer's.
     */
    public void sampleUsage(io.tributary.bench.load.LoadEngine engine, Map<String, Long> pids,
                            Map<String, java.util.function.Predicate<String>> loadgenGroups) {
        Map<String, Long> all = new java.util.LinkedHashMap<>(pids);
        all.put("loadgen", io.tributary.bench.proc.Usage.self());
        io.tributary.bench.proc.Usage usage = new io.tributary.bench.proc.Usage(all,
                all.containsKey("tributary") ? "tributary" : null, loadgenGroups, outDir);
        io.tributary.bench.proc.Usage.Snapshot[] start = new io.tributary.bench.proc.Usage.Snapshot[1];
        engine.onMeasureWindow(() -> start[0] = usage.snapshot(), () -> {
            if (start[0] != null) {
                engine.extra().put("usage", usage.between(start[0], usage.snapshot()));
            }
        });
    }

    public Path work(String name) throws IOException {
        Path w = outDir.resolve("work").resolve(name + "-" + System.nanoTime());
        Files.createDirectories(w);
        return w;
    }

    /** Settings both MQTT brokers get so that the comparison is like for like. */
    public static List<String> tributaryMqttSettings(int inflight, int queued) {
        List<String> s = new ArrayList<>();
        s.add("--session.max-inflight=" + inflight);
        s.add("--mqtt.receive-maximum=" + inflight);
        s.add("--session.max-queued-messages=" + queued);
        return s;
    }

    public Path jfrFile(Options o, String name) {
        return o.flag("jfr", false) ? outDir.resolve(name + ".jfr").toAbsolutePath() : null;
    }

    public void copyChart(Path chart) throws IOException {
        if (chartsDir != null) {
            Files.createDirectories(chartsDir);
            Files.copy(chart, chartsDir.resolve(chart.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
