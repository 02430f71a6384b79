package io.tributary.bench.scenario;

import io.tributary.bench.Options;
import io.tributary.bench.load.LoadResult;
import io.tributary.bench.load.LoadSpec;
import io.tributary.bench.load.MqttLoad;
import io.tributary.bench.load.Topology;
import io.tributary.bench.proc.MosquittoProcess;
import io.tributary.bench.proc.Procs;
import io.tributary.bench.proc.TributaryProcess;
import io.tributary.bench.report.Report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One subscriber under overload, tried as a new user would: MQTT 5 QoS 1 publishers, each limited
 * only by its own PUBACK window (not by end-to-end delivery), one subscriber on {@code bench/#},
 * both brokers with their default settings. The subscriber cannot take everything, so each broker
 * drops beyond its per-session queue: what counts is how much it delivers, how old what it delivers
 * is, and how many publishes it accepts meanwhile. Several runs, the brokers interleaved
 * (Tributary, Mosquitto, Tributary, ...) so that both see the same noise on a shared machine;
 * every run starts a fresh broker process.
 */
public final class OverloadScenario {
    private OverloadScenario() {
    }

    public static Report run(Context ctx, Options o) throws Exception {
        int publishers = o.integer("publishers", 8);
        int ackWindow = o.integer("ack-window", 4);
        int qos = o.integer("qos", 1);
        int payload = o.size("payload", 64);
        // 15 s: on a busy 2-core machine the broker JVM is still compiling its hot path after 5 s
        int warmup = o.seconds("warmup", 15);
        int duration = o.seconds("duration", 15);
        int runs = o.integer("runs", 5);
        List<String> targets = o.list("targets", List.of("tributary", "mosquitto"));
        String name = o.str("name", "overload-qos" + qos + "-" + payload + "B");

        Topology topology = Topology.overload(publishers);
        LoadSpec spec = new LoadSpec(qos, payload, 0, warmup, duration, 1, 15, ackWindow);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("publishers", publishers);
        params.put("subscribers", 1);
        params.put("subscriberFilter", "bench/#");
        params.put("qos", qos);
        params.put("payloadBytes", payload);
        params.put("publisherAckWindow", ackWindow);
        params.put("warmupSec", warmup);
        params.put("durationSec", duration);
        params.put("runs", runs);
        params.put("order", String.join(", ", targets) + ", ... (interleaved)");
        params.put("brokerSettings", "defaults of both brokers");
        params.put("mqttVersion", "5");
        Report report = new Report(name, ctx.command, ctx.env, params);
        ctx.out.printf("%n### %s: %d publishers (PUBACK window %d each) -> 1 subscriber on bench/#, QoS %d, %d B, "
                + "%d runs of %ds + %ds warm-up, default broker settings%n", name, publishers, ackWindow, qos, payload,
                runs, duration, warmup);

        List<Map<String, Object>> rows = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            for (String target : targets) {
                String label = target + "#" + run;
                LoadResult r = switch (target) {
                    case "tributary" -> runTributary(ctx, o, report, label, topology, spec, name + "-run" + run);
                    case "mosquitto" -> runMosquitto(ctx, report, label, topology, spec);
                    default -> throw new IllegalArgumentException("unknown target " + target + " (tributary, mosquitto)");
                };
                report.results.add(r);
                rows.add(row(run, target, r));
                ctx.out.printf("  %-14s delivered %,8.0f/s  accepted %,8.0f/s  p50 %7.2f ms  p99 %8.2f ms  "
                                + "dropped %,9d (%4.1f %%)  load avg %s%n", label, r.outPerSec(), r.inPerSec(), r.p50Ms(),
                        r.p99Ms(), r.lost(), r.sent() == 0 ? 0.0 : 100.0 * r.lost() / r.sent(), r.loadAverage());
            }
        }
        report.figures.put("runs", rows);
        summarize(report, runs);
        MqttScenario.charts(ctx, report, name);
        report.printTable(ctx.out, name);
        ctx.out.println("  results: " + report.write(ctx.outDir, name));
        return report;
    }

    private static LoadResult runTributary(Context ctx, Options o, Report report, String label, Topology topology,
                                           LoadSpec spec, String jfrName) throws Exception {
        try (TributaryProcess broker = TributaryProcess.start(ctx.distLib(o), null, ctx.work(label.replace('#', '-')),
                ctx.brokerJvm(o), ctx.tributaryArgs(o, List.of()), ctx.jfrFile(o, jfrName))) {
            report.brokers.put(label, MqttScenario.brokerInfo(broker));
            LoadResult r = MqttLoad.run(label, "127.0.0.1", broker.mqttPort(), topology, spec, ctx.out,
                    e -> ctx.sampleUsage(e, Map.of("tributary", broker.pid())));
            report.brokers.put(label + "RssKiBAtEnd", Procs.rssKiB(broker.pid()));
            return r;
        }
    }

    private static LoadResult runMosquitto(Context ctx, Report report, String label, Topology topology,
                                           LoadSpec spec) throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.startWithDefaults(ctx.work(label.replace('#', '-')))) {
            report.brokers.put(label, Map.of("version", broker.versionString(),
                    "config", "defaults (listener, allow_anonymous true, logging only)", "log", broker.log().toString()));
            LoadResult r = MqttLoad.run(label, "127.0.0.1", broker.port(), topology, spec, ctx.out,
                    e -> ctx.sampleUsage(e, Map.of("mosquitto", broker.pid())));
            report.brokers.put(label + "RssKiBAtEnd", Procs.rssKiB(broker.pid()));
            return r;
        }
    }

    private static Map<String, Object> row(int run, String target, LoadResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run);
        m.put("target", target);
        m.put("deliveredPerSec", Math.round(r.outPerSec()));
        m.put("acceptedPerSec", Math.round(r.inPerSec()));
        m.put("p50Ms", r.p50Ms());
        m.put("p99Ms", r.p99Ms());
        m.put("dropped", r.lost());
        m.put("droppedShare", r.sent() == 0 ? 0 : Report.round((double) r.lost() / r.sent(), 3));
        m.put("loadAverage", r.loadAverage());
        return m;
    }

    /** Per run: Tributary / Mosquitto (delivered, p50); then medians and the worst run. */
    private static void summarize(Report report, int runs) {
        List<Double> rateRatios = new ArrayList<>();
        List<Double> p50Ratios = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            LoadResult t = report.result("tributary#" + run);
            LoadResult m = report.result("mosquitto#" + run);
            if (t == null || m == null || m.outPerSec() <= 0 || m.p50Ms() <= 0) {
                continue;
            }
            rateRatios.add(Report.round(t.outPerSec() / m.outPerSec(), 2));
            p50Ratios.add(Report.round(t.p50Ms() / m.p50Ms(), 2));
        }
        if (rateRatios.isEmpty()) {
            return;
        }
        report.ratios.put("delivered tributary/mosquitto per run", rateRatios);
        report.ratios.put("p50 tributary/mosquitto per run", p50Ratios);
        report.ratios.put("delivered tributary/mosquitto median", median(rateRatios));
        report.ratios.put("delivered tributary/mosquitto worst", rateRatios.stream().min(Double::compare).orElseThrow());
        report.ratios.put("p50 tributary/mosquitto median", median(p50Ratios));
        report.ratios.put("p50 tributary/mosquitto worst", p50Ratios.stream().max(Double::compare).orElseThrow());
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
