package io.tributary.bench.scenario;

import io.tributary.bench.Options;
import io.tributary.bench.proc.TributaryProcess;
import io.tributary.bench.report.Env;
import io.tributary.bench.report.Report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Platform ready time: Tributary started {@code --runs} times with the Kafka plugin installed,
 * each on a fresh data dir. Reports the platform's own "ready in N ms" (Platform.start) and the
 * time from spawning the JVM to that line.
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
        List<Long> ready = new ArrayList<>();
        List<Long> spawn = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try (TributaryProcess broker = TributaryProcess.start(ctx.distLib(o), ctx.kafkaPluginZip(o),
                    ctx.work("startup"), ctx.brokerJvm(o), List.of(), ctx.jfrFile(o, name + "-" + (i + 1)))) {
                ready.add(broker.readyLogMs());
                spawn.add(broker.spawnToReadyMs());
                report.brokers.put("tributary", MqttScenario.brokerInfo(broker));
                Map<String, Long> phases = phases(broker.log());
                report.figures.put("phases run " + (i + 1) + " (ms since first log line)", phases);
                ctx.out.printf("  run %d: platform ready in %d ms, %d ms from JVM spawn; %s%n", i + 1,
                        broker.readyLogMs(), broker.spawnToReadyMs(), phases);
            }
        }
        report.figures.put("platformReadyMs (median)", median(ready));
        report.figures.put("platformReadyMs (all)", ready);
        report.figures.put("spawnToReadyMs (median)", median(spawn));
        report.figures.put("spawnToReadyMs (all)", spawn);
        report.figures.put("loadAverage", Env.loadAverage());
        report.printTable(ctx.out, name);
        ctx.out.println("  results: " + report.write(ctx.outDir, name));
        return report;
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
            for (String line : java.nio.file.Files.readAllLines(log)) {
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
