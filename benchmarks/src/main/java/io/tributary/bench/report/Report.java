package io.tributary.bench.report;

import io.tributary.bench.load.LoadResult;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One scenario's results: printed as a table, written as JSON next to its charts. */
public final class Report {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public final Map<String, Object> root = new LinkedHashMap<>();
    public final List<LoadResult> results = new ArrayList<>();
    public final Map<String, Object> brokers = new LinkedHashMap<>();
    public final Map<String, Object> ratios = new LinkedHashMap<>();
    public final Map<String, Object> figures = new LinkedHashMap<>();
    public final List<String> charts = new ArrayList<>();

    public Report(String scenario, String command, Map<String, Object> env, Map<String, ?> params) {
        root.put("scenario", scenario);
        root.put("command", command);
        root.put("startedAt", Instant.now().toString());
        root.put("environment", env);
        root.put("parameters", params);
    }

    public String scenario() {
        return (String) root.get("scenario");
    }

    public LoadResult result(String target) {
        return results.stream().filter(r -> r.target().equals(target)).findFirst().orElse(null);
    }

    public Path write(Path dir, String name) throws IOException {
        root.put("brokers", brokers);
        root.put("results", results);
        root.put("figures", figures);
        root.put("ratios", ratios);
        root.put("charts", charts);
        root.put("loadAverageAtEnd", Env.loadAverage());
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".json");
        JSON.writeValue(file.toFile(), root);
        return file;
    }

    public void printTable(PrintStream out, String title) {
        out.println();
        out.println("== " + title);
        if (!results.isEmpty()) {
            out.printf("%-24s %11s %11s %9s %9s %9s %9s %9s %9s %9s %9s %8s %5s  %s%n", "target", "in msg/s",
                    "out msg/s", "p50 ms", "p95 ms", "p99 ms", "p99.9 ms", "max ms", "ack p50", "ack p99", "ack p99.9",
                    "lost", "dup", "load avg");
            for (LoadResult r : results) {
                out.printf("%-24s %,11.0f %,11.0f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %8d %5d  %s%n",
                        r.target(), r.inPerSec(), r.outPerSec(), r.p50Ms(), r.p95Ms(), r.p99Ms(), r.p999Ms(), r.maxMs(),
                        r.ackP50Ms(), r.ackP99Ms(), r.ackP999Ms(), r.lost(), r.duplicates(), r.loadAverage());
            }
            out.println("  (p50..max: timestamp -> arrival; ack: timestamp -> send completed at the publisher, "
                    + "i.e. PUBACK for QoS 1)");
            for (LoadResult r : results) {
                if (r.extra() != null && r.extra().containsKey("usage")) {
                    out.printf("  %s during the measured window: %s%n", r.target(), r.extra().get("usage"));
                }
            }
        }
        figures.forEach((k, v) -> out.printf("  %-40s %s%n", k, v));
        ratios.forEach((k, v) -> out.printf("  ratio %-34s %s%n", k, v));
    }

    public static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
