package io.tributary.bench.scenario;

import io.tributary.bench.Options;
import io.tributary.bench.proc.TributaryProcess;
import io.tributary.bench.report.Env;
import io.tributary.bench.report.Report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Platform ready time: Tributary started {@code --runs} times with the Kafka plugin installed,
 * each on a fresh data dir. Reports the platform's own "ready in N ms" (Platform.start) and the
 * time from spawning the JVM to that line; then the same with the class-data archive
 * (AppCDS) that {@code bin/tributary} keeps, written by one training run ({@code --cds false}
 * skips this part).
 */
public final class StartupScenario {
    private StartupScenario() {
    }

    public static Report run(Context ctx, Options o) throws Exception {
        int runs = o.integer("runs", 5);
        String name = o.str("name", "startup");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("runs", runs);
        params.put("plugins", "kafka-integration zip");
        Report report = new Report(name, ctx.command, ctx.env, params);
        ctx.out.printf("%n### %s: %d starts with the Kafka plugin%n", name, runs);
        String jvm = ctx.brokerJvm(o);
        startRuns(ctx, o, report, name, runs, jvm, "");
        if (o.flag("cds", true)) {
            // as bin/tributary runs it: a first run writes the class-data archive when it stops
            Path archive = ctx.work("cds").resolve("tributary.jsa");
            Files.createDirectories(archive.getParent());
            try (TributaryProcess training = TributaryProcess.start(ctx.distLib(o), ctx.kafkaPluginZip(o),
                    ctx.work("startup"), jvm + " -XX:ArchiveClassesAtExit=" + archive + " -Xlog:cds=off "
                            + "-Xlog:cds+dynamic=off", List.of(), null)) {
                ctx.out.printf("  training run for the class-data archive: ready in %d ms%n", training.readyLogMs());
            }
            if (Files.isRegularFile(archive)) {
                startRuns(ctx, o, report, name, runs, jvm + " -XX:SharedArchiveFile=" + archive
                        + " -Xlog:cds=off -Xlog:cds+dynamic=off", " with class-data archive");
            } else {
                ctx.out.println("  no class-data archive was written: runs with it skipped");
            }
        }
        report.figures.put("loadAverage", Env.loadAverage());
        report.printTable(ctx.out, name);
        ctx.out.println("  results: " + report.write(ctx.outDir, name));
        return report;
    }

    private static void startRuns(Context ctx, Options o, Report report, String name, int runs, String jvm,
                                  String label) throws Exception {
        List<Long> ready = new ArrayList<>();
        List<Long> spawn = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try (TributaryProcess broker = TributaryProcess.start(ctx.distLib(o), ctx.kafkaPluginZip(o),
                    ctx.work("startup"), jvm, List.of(), ctx.jfrFile(o, name + "-" + (i + 1)))) {
                ready.add(broker.readyLogMs());
                spawn.add(broker.spawnToReadyMs());
                report.brokers.put("tributary" + label, MqttScenario.brokerInfo(broker));
                Map<String, Long> phases = phases(broker.log());
                report.figures.put("phases run " + (i + 1) + label + " (ms since first log line)", phases);
                ctx.out.printf("  run %d%s: platform ready in %d ms, %d ms from JVM spawn; %s%n", i + 1, label,
                        broker.readyLogMs(), broker.spawnToReadyMs(), phases);
            }
        }
        report.figures.put("platformReadyMs" + label + " (median)", median(ready));
        report.figures.put("platformReadyMs" + label + " (all)", ready);
        report.figures.put("spawnToReadyMs" + label + " (median)", median(spawn));
        report.figures.put("spawnToReadyMs" + label + " (all)", spawn);
    }

    private static final java.util.regex.Pattern TIME = java.util.regex.Pattern.compile("^(\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{3})");
    private static final Map<String, String> MILESTONES = new java.util.LinkedHashMap<>();

    static {
        MILESTONES.put("MQTT listening on tcp", "mqttListening");
        MILESTONES.put("Loaded plugin", "pluginLoaded");
        MILESTONES.put("Watching", "pluginWatcher");
        MILESTONES.put("Admin API listening", "adminListening");
        MILESTONES.put("ready in", "ready");
    }

    /** Where the start spends its time: milestones of the log, in ms after its first line. */
    static Map<String, Long> phases(java.nio.file.Path log) {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            Long first = null;
            for (String line : Files.readAllLines(log)) {
                java.util.regex.Matcher m = TIME.matcher(line);
                if (!m.find()) {
                    continue;
                }
                long t = ((Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2))) * 60
                        + Long.parseLong(m.group(3))) * 1000 + Long.parseLong(m.group(4));
                if (first == null) {
                    first = t;
                }
                for (Map.Entry<String, String> e : MILESTONES.entrySet()) {
                    if (line.contains(e.getKey()) && !out.containsKey(e.getValue())) {
                        out.put(e.getValue(), t - first);
                    }
                }
            }
        } catch (java.io.IOException e) {
            // no breakdown
        }
        return out;
    }

    static long median(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        s.sort(null);
        return s.isEmpty() ? 0 : s.get(s.size() / 2);
    }
}
