package io.tributary.bench.scenario;

import io.tributary.bench.Options;
import io.tributary.bench.load.LoadResult;
import io.tributary.bench.load.LoadSpec;
import io.tributary.bench.load.MqttLoad;
import io.tributary.bench.load.Topology;
import io.tributary.bench.proc.MosquittoProcess;
import io.tributary.bench.proc.TributaryProcess;
import io.tributary.bench.report.Charts;
import io.tributary.bench.report.Report;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * (a) fan-in: many publishers, one subscriber on {@code #} per topic group; (b) point-to-point:
 * publisher i → subscriber i. The same load against each target in turn (Tributary, then
 * Mosquitto), each broker in its own process, so the ratios compare like with like.
 */
public final class MqttScenario {
    private MqttScenario() {
    }

    public static Report run(Context ctx, String kind, Options o) throws Exception {
        boolean p2p = kind.equals("p2p");
        int publishers = o.integer("publishers", p2p ? 8 : 16);
        int subscribers = p2p ? publishers : o.integer("subscribers", 1);
        int topics = o.integer("topics", publishers);
        int qos = o.integer("qos", 1);
        int payload = o.size("payload", 64);
        int rate = o.rate("rate", 0);
        int warmup = o.seconds("warmup", 5);
        int duration = o.seconds("duration", 20);
        int window = o.integer("window", rate <= 0 ? 1000 * subscribers : 100_000);
        int inflight = o.integer("max-inflight", 32);
        int queued = o.integer("max-queued", 100_000);
        // Mosquitto 2.0.11 drops QoS 1 messages to a busy subscriber with any non-zero
        // max_queued_messages ("Outgoing messages are being dropped"), even with fewer messages
        // outstanding than the limit: 0 (no limit) keeps it lossless; the end-to-end window bounds the queue
        int mosquittoQueued = o.integer("mosquitto-max-queued", 0);
        List<String> targets = o.list("targets", List.of("tributary", "mosquitto"));
        String external = o.str("broker", null); // host:port of a broker already running
        // after the max-rate runs: both brokers again at half of Tributary's max (latency under a fixed load)
        boolean half = o.flag("half", false) && rate <= 0;
        String name = o.str("name", kind + "-qos" + qos + "-" + payload + "B" + (rate > 0 ? "-" + rate + "ps" : ""));
        // integration.durability of the Tributary runs: none given = the default, one run per mode otherwise
        List<String> modes = Context.durabilityModes(o);

        Topology topology = p2p ? Topology.pointToPoint(publishers) : Topology.fanIn(publishers, subscribers, topics);
        LoadSpec spec = new LoadSpec(qos, payload, rate, warmup, duration, window, 15);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("publishers", publishers);
        params.put("subscribers", subscribers);
        params.put("topics", topics);
        params.put("qos", qos);
        params.put("payloadBytes", payload);
        params.put("rate", rate <= 0 ? "max" : rate);
        params.put("warmupSec", warmup);
        params.put("durationSec", duration);
        params.put("endToEndWindow", window);
        params.put("brokerMaxInflight", inflight);
        params.put("tributaryMaxQueued", queued);
        params.put("mosquittoMaxQueued", mosquittoQueued + (mosquittoQueued == 0 ? " (no limit)" : ""));
        params.put("mqttVersion", "5");
        params.put("durability", modes.isEmpty() ? "platform default (integration.durability not passed)" : modes);
        Report report = new Report(name, ctx.command, ctx.env, params);
        ctx.out.printf("%n### %s: %d publishers -> %d subscribers, QoS %d, %d B, rate %s, %ds + %ds warm-up%n", name,
                publishers, subscribers, qos, payload, rate <= 0 ? "max" : rate + "/s", duration, warmup);

        if (external != null) {
            String[] hp = external.split(":");
            report.results.add(MqttLoad.run("external", hp[0], Integer.parseInt(hp[1]), topology, spec, ctx.out));
        }
        int halfRate = 0;
        for (String target : external != null ? List.<String>of() : targets) {
            switch (target) {
                case "tributary" -> {
                    for (String mode : modes.isEmpty() ? List.of("") : modes) {
                        String label = Context.label(mode);
                        try (TributaryProcess broker = TributaryProcess.start(ctx.distLib(o), null, ctx.work(label),
                                ctx.brokerJvm(o), ctx.tributaryArgs(o, Context.tributaryMqttSettings(inflight, queued), mode),
                                ctx.jfrFile(o, name + (mode.isEmpty() ? "" : "-" + mode)))) {
                            report.brokers.put(label, brokerInfo(broker));
                            Map<String, Long> pids = Map.of("tributary", broker.pid());
                            LoadResult max = MqttLoad.run(label, "127.0.0.1", broker.mqttPort(), topology, spec, ctx.out,
                                    e -> ctx.sampleUsage(e, pids));
                            report.results.add(max);
                            if (half) {
                                if (halfRate == 0) {
                                    halfRate = (int) Math.max(1, Math.round(max.outPerSec() / 2));
                                }
                                report.results.add(MqttLoad.run(label + "@" + halfRate + "/s", "127.0.0.1",
                                        broker.mqttPort(), topology, spec.withRate(halfRate).withWindow(100_000), ctx.out,
                                        e -> ctx.sampleUsage(e, pids)));
                            }
                            report.brokers.put(label + "RssKiBAtEnd", io.tributary.bench.proc.Procs.rssKiB(broker.pid()));
                            report.brokers.put(label + "DataDir", broker.dataDirUsage());
                        }
                    }
                }
                case "mosquitto" -> {
                    try (MosquittoProcess broker = MosquittoProcess.start(ctx.work("mosquitto"), inflight, mosquittoQueued)) {
                        report.brokers.put("mosquitto", Map.of("version", broker.versionString(),
                                "config", "persistence false, max_inflight_messages " + inflight
                                        + ", max_queued_messages " + mosquittoQueued + ", set_tcp_nodelay true"));
                        Map<String, Long> pids = Map.of("mosquitto", broker.pid());
                        report.results.add(MqttLoad.run("mosquitto", "127.0.0.1", broker.port(), topology, spec, ctx.out,
                                e -> ctx.sampleUsage(e, pids)));
                        if (half && halfRate > 0) {
                            report.results.add(MqttLoad.run("mosquitto@" + halfRate + "/s", "127.0.0.1", broker.port(),
                                    topology, spec.withRate(halfRate).withWindow(100_000), ctx.out,
                                    e -> ctx.sampleUsage(e, pids)));
                        }
                        report.brokers.put("mosquittoRssKiBAtEnd", io.tributary.bench.proc.Procs.rssKiB(broker.pid()));
                    }
                }
                default -> throw new IllegalArgumentException("unknown target " + target + " (tributary, mosquitto)");
            }
        }
        LoadResult m = report.result("mosquitto");
        for (String mode : modes.isEmpty() ? List.of("") : modes) {
            LoadResult t = report.result(Context.label(mode));
            if (t != null && m != null && m.outPerSec() > 0) {
                report.ratios.put("throughput " + Context.label(mode) + "/mosquitto",
                        Report.round(t.outPerSec() / m.outPerSec(), 2));
            }
        }
        LoadResult th = report.results.stream().filter(r -> r.target().startsWith("tributary") && r.target().contains("@")).findFirst().orElse(null);
        LoadResult mh = report.results.stream().filter(r -> r.target().startsWith("mosquitto@")).findFirst().orElse(null);
        if (th != null && mh != null && mh.p99Ms() > 0) {
            report.ratios.put("p99 latency at half load tributary/mosquitto", Report.round(th.p99Ms() / mh.p99Ms(), 2));
        }
        charts(ctx, report, name);
        report.printTable(ctx.out, name);
        ctx.out.println("  results: " + report.write(ctx.outDir, name));
        return report;
    }

    static Map<String, Object> brokerInfo(TributaryProcess broker) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", String.join(" ", broker.command()));
        m.put("readyLogMs", broker.readyLogMs());
        m.put("spawnToReadyMs", broker.spawnToReadyMs());
        if (broker.jfr() != null) {
            m.put("jfr", broker.jfr().toString());
        }
        return m;
    }

    static void charts(Context ctx, Report report, String name) {
        try {
            Path lat = Charts.latency(ctx.outDir.resolve(name + "-latency.png"), name + ": end-to-end latency", report.results);
            Path thr = Charts.throughput(ctx.outDir.resolve(name + "-throughput.png"), name + ": throughput", report.results);
            ctx.copyChart(lat);
            ctx.copyChart(thr);
            report.charts.add(lat.getFileName().toString());
            report.charts.add(thr.getFileName().toString());
        } catch (Exception | Error e) {
            ctx.out.println("  charts not drawn: " + e);
        }
    }
}
