package io.tributary.bench.scenario;

import io.tributary.bench.Options;
import io.tributary.bench.load.ClientIds;
import io.tributary.bench.load.LoadEngine;
import io.tributary.bench.load.LoadResult;
import io.tributary.bench.load.LoadSpec;
import io.tributary.bench.load.MqttLoad;
import io.tributary.bench.load.Topology;
import io.tributary.bench.proc.KafkaProcess;
import io.tributary.bench.proc.PostgresProcess;
import io.tributary.bench.proc.TributaryProcess;
import io.tributary.bench.proc.Usage;
import io.tributary.bench.report.Report;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * MQTT → Kafka through a cluster, against the same through one process. Phases (each with a new
 * PostgreSQL server as the shared store, against one Kafka in its own JVM):
 * <ul>
 * <li>{@code single}: one node with both roles and the local integration log;</li>
 * <li>{@code broker+Nexec}: one broker-only node (takes MQTT, appends to the integration's
 * internal topic) and N executor-only nodes (read the internal topic's partitions, deliver to the
 * destination topic), each its own JVM.</li>
 * </ul>
 * Each phase: 8 QoS 1 publishers (client ids chosen to land 2 per partition of the internal
 * topic) on {@code bench/i}, one integration on {@code bench/#}; max rate, then a fixed rate
 * ({@code --latency-rate}), then a low one ({@code --low-rate}) at which the machine is not
 * saturated, so that the latency of the hop itself shows rather than the queue for a core;
 * CPU per 1000 messages of every Tributary process and of Kafka from {@code /proc}.
 */
public final class ClusterScenario {
    public static final List<String> DEFAULT_PHASES = List.of("single", "broker+1exec", "broker+2exec");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ClusterScenario() {
    }

    /** One process of a phase: its node id and {@code node.roles} (null: the default, both roles). */
    public record Node(String name, String roles) {
        public boolean broker() {
            return roles == null || roles.contains("broker");
        }

        public boolean executor() {
            return roles == null || roles.contains("executor");
        }
    }

    /** The processes of a phase: {@code single}, or {@code broker+<N>exec} with N ≥ 1. */
    public static List<Node> nodesOf(String phase) {
        if (phase.equals("single")) {
            return List.of(new Node("single", null));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("broker\\+(\\d+)exec").matcher(phase);
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
            throw new IllegalArgumentException("phase '" + phase + "': single or broker+<N>exec (N >= 1), e.g. "
                    + DEFAULT_PHASES);
        }
        List<Node> nodes = new ArrayList<>();
        nodes.add(new Node("broker", "broker"));
        for (int i = 1; i <= Integer.parseInt(m.group(1)); i++) {
            nodes.add(new Node("exec" + i, "executor"));
        }
        return nodes;
    }

    public static Report run(Context ctx, Options o) throws Exception {
        int publishers = o.integer("publishers", 8);
        int qos = o.integer("qos", 1);
        int payload = o.size("payload", 64);
        int warmup = o.seconds("warmup", 15);
        int duration = o.seconds("duration", 15);
        int latencyRate = o.rate("latency-rate", 5000);
        int lowRate = o.rate("low-rate", 1000);
        int idleSeconds = o.seconds("idle", 5);
        List<Integer> rates = lowRate > 0 && lowRate != latencyRate ? List.of(latencyRate, lowRate) : List.of(latencyRate);
        int latencyWarmup = o.seconds("latency-warmup", 5);
        int window = o.integer("window", 10_000);
        int partitions = o.integer("partitions", 4);
        List<String> phases = o.list("phases", DEFAULT_PHASES);
        phases.forEach(ClusterScenario::nodesOf); // a typo fails now, not after minutes
        String singleDurability = o.str("single-durability", "");
        Path pgBin = o.path("pg-bin", PostgresProcess.packagedBin());
        String name = o.str("name", "cluster-qos" + qos + "-" + payload + "B-p" + partitions);
        List<String> topics = new ArrayList<>();
        int[] all = new int[publishers];
        for (int i = 0; i < publishers; i++) {
            topics.add("bench/" + i);
            all[i] = i;
        }
        Topology topology = new Topology("cluster", topics, List.of("bench/#"), new int[][]{all});
        List<String> clientIds = ClientIds.spread("bench-pub-", publishers, partitions);
        LoadSpec spec = new LoadSpec(qos, payload, 0, warmup, duration, window, 20);
        List<LoadSpec> fixed = rates.stream().map(r -> new LoadSpec(qos, payload, r, latencyWarmup, duration,
                Math.max(window, r * 2), 20)).toList();

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("phases", phases);
        params.put("publishers", publishers);
        params.put("clientIds", clientIds);
        params.put("qos", qos);
        params.put("payloadBytes", payload);
        params.put("warmupSec", warmup);
        params.put("durationSec", duration);
        params.put("fixedRates", rates);
        params.put("idleBaselineSec", idleSeconds);
        params.put("latencyWarmupSec", latencyWarmup);
        params.put("endToEndWindow", window);
        params.put("internalTopicPartitions", partitions);
        params.put("integration", "one Kafka integration on bench/# to a 1-partition destination topic, the plugin's "
                + "producer defaults (acks=-1, linger.ms=0), JSON record");
        params.put("singleDurability", singleDurability.isEmpty() ? "platform default (integration.durability not passed)"
                : singleDurability);
        params.put("postgres", "a new server per phase (" + pgBin + "), fsync=off");
        params.put("tributaryJvm", ctx.brokerJvm(o));
        Report report = new Report(name, ctx.command, ctx.env, params);
        ctx.out.printf("%n### %s: %d publishers -> Kafka through %s, QoS %d, %d B, internal topic %d partitions%n",
                name, publishers, phases, qos, payload, partitions);

        String secretKey = secretKey();
        Path lib = KafkaProcess.ensureLib(ctx.repoRoot);
        try (KafkaProcess kafka = KafkaProcess.start(lib, ctx.work("kafka"), o.str("kafka-jvm", KafkaProcess.DEFAULT_JVM))) {
            String bs = kafka.bootstrap();
            report.brokers.put("kafka", Map.of("bootstrap", bs, "jvm", o.str("kafka-jvm", KafkaProcess.DEFAULT_JVM)));
            for (String phase : phases) {
                String destination = "bench." + phase.replace("+", "-");
                KafkaScenario.createTopics(bs, List.of(destination));
                runPhase(ctx, o, report, phase, kafka, destination, partitions, singleDurability, pgBin, secretKey,
                        topology, clientIds, spec, fixed, idleSeconds);
            }
        }
        figures(report, phases, rates);
        report.printTable(ctx.out, name);
        String table = table(report, phases, rates);
        ctx.out.println();
        ctx.out.println(table);
        Files.createDirectories(ctx.outDir);
        Files.writeString(ctx.outDir.resolve(name + ".md"), table);
        ctx.out.println("  results: " + report.write(ctx.outDir, name));
        return report;
    }

    private static void runPhase(Context ctx, Options o, Report report, String phase, KafkaProcess kafka,
                                 String destination, int partitions, String singleDurability, Path pgBin,
                                 String secretKey, Topology topology, List<String> clientIds, LoadSpec spec,
                                 List<LoadSpec> fixed, int idleSeconds) throws Exception {
        List<Node> nodes = nodesOf(phase);
        boolean cluster = nodes.size() > 1;
        ctx.out.printf("%n-- phase %s: %s%n", phase, nodes);
        Map<String, Object> info = new LinkedHashMap<>();
        report.brokers.put(phase, info);
        try (PostgresProcess pg = PostgresProcess.start(pgBin, ctx.work("postgres-" + phase.replace("+", "-")))) {
            List<String> common = new ArrayList<>(List.of("--storage.url=" + pg.url(), "--storage.user=" + pg.user(),
                    // the partition assignment shows in /api/cluster within a heartbeat
                    "--cluster.heartbeat-interval-ms=1000"));
            if (cluster) {
                common.add("--cluster.kafka.bootstrap-servers=" + kafka.bootstrap());
                common.add("--cluster.kafka.partitions=" + partitions);
                common.add("--cluster.kafka.replication-factor=1");
            } else if (!singleDurability.isEmpty()) {
                common.add("--integration.durability=" + singleDurability);
            }
            List<TributaryProcess> procs = new ArrayList<>();
            try {
                for (Node n : nodes) {
                    List<String> settings = new ArrayList<>(common);
                    if (n.roles() != null) {
                        settings.add("--node.roles=" + n.roles());
                    }
                    TributaryProcess p = TributaryProcess.start(ctx.distLib(o), ctx.kafkaPluginZip(o),
                            ctx.work(phase.replace("+", "-") + "-" + n.name()), ctx.brokerJvm(o),
                            ctx.tributaryArgs(o, settings), ctx.jfrFile(o, phase.replace("+", "-") + "-" + n.name()),
                            n.name(), Map.of("TRIBUTARY_SECRET_KEY", secretKey), n.broker());
                    procs.add(p);
                    info.put(n.name(), MqttScenario.brokerInfo(p));
                }
                TributaryProcess broker = procs.get(0);
                String id = createIntegration(broker.adminPort(), kafka.bootstrap(), destination);
                info.put("integration", id);
                for (int i = 0; i < nodes.size(); i++) {
                    if (nodes.get(i).executor()) {
                        awaitActive(procs.get(i).adminPort(), id);
                    }
                }
                if (cluster) {
                    info.put("partitionsAtStart", awaitPartitions(broker.adminPort(), id, nodes, partitions));
                }
                Map<String, Long> pids = new LinkedHashMap<>();
                for (int i = 0; i < nodes.size(); i++) {
                    pids.put(nodes.get(i).name(), procs.get(i).pid());
                }
                pids.put("kafka", kafka.pid());
                List<String> tributaryNames = nodes.stream().map(Node::name).toList();
                report.results.add(load(ctx, phase, broker, kafka.bootstrap(), destination, topology, clientIds, spec,
                        pids, tributaryNames));
                // after the max run, so that the baseline is of warm JVMs
                Map<String, Object> idle = idleSeconds > 0 ? idleUsage(ctx, pids, tributaryNames, idleSeconds) : null;
                info.put("idleUsage", idle);
                for (LoadSpec at : fixed) {
                    LoadResult r = load(ctx, phase + "@" + at.rate() + "/s", broker, kafka.bootstrap(), destination,
                            topology, clientIds, at, pids, tributaryNames);
                    Map<String, Double> marginal = marginalCpuPer1000(r, idle, tributaryNames);
                    if (!marginal.isEmpty()) {
                        r.extra().put("marginalCpuMsPer1000Msgs", marginal);
                    }
                    report.results.add(r);
                }
                if (cluster) {
                    info.put("partitionsAtEnd", clusterPartitions(broker.adminPort(), id));
                }
                Map<String, Object> stats = new LinkedHashMap<>();
                for (int i = 0; i < nodes.size(); i++) {
                    stats.put(nodes.get(i).name(),
                            JSON.treeToValue(integration(procs.get(i).adminPort(), id).path("statistics"), Map.class));
                }
                info.put("integrationStatisticsAtEnd", stats);
            } finally {
                for (int i = procs.size() - 1; i >= 0; i--) {
                    procs.get(i).close();
                }
            }
        }
    }

    private static LoadResult load(Context ctx, String label, TributaryProcess broker, String bs, String destination,
                                   Topology topology, List<String> clientIds, LoadSpec spec, Map<String, Long> pids,
                                   List<String> tributaryNames) throws Exception {
        LoadEngine engine = new LoadEngine(label, topology, spec, ctx.out);
        sampleUsage(ctx, engine, pids, tributaryNames);
        try (KafkaScenario.Consumer consumer = new KafkaScenario.Consumer(bs, destination, engine)) {
            consumer.start();
            LoadResult r = MqttLoad.publishOnly(engine, label, "127.0.0.1", broker.mqttPort(), topology, spec, clientIds);
            Map<String, Double> cpu = cpuPer1000(r, tributaryNames);
            if (!cpu.isEmpty()) {
                r.extra().put("cpuMsPer1000Msgs", cpu);
            }
            return r;
        }
    }

    /**
     * CPU of every process between {@link #start} and {@link #end} ({@code coresBusy}), and of
     * each Tributary process by thread kind ({@code tributary.<node>}: application, JIT, GC/VM,
     * and its busiest threads).
     */
    static final class Sampler {
        private final Usage whole;
        private final Map<String, Usage> perNode = new LinkedHashMap<>();
        private Usage.Snapshot start;
        private final Map<String, Usage.Snapshot> nodeStart = new LinkedHashMap<>();

        Sampler(Context ctx, Map<String, Long> pids, List<String> tributaryNames) {
            Map<String, Long> all = new LinkedHashMap<>(pids);
            all.put("loadgen", Usage.self());
            whole = new Usage(all, null, ctx.outDir);
            for (String n : tributaryNames) {
                perNode.put(n, new Usage(Map.of(n, pids.get(n)), n, null));
            }
        }

        void start() {
            start = whole.snapshot();
            perNode.forEach((n, u) -> nodeStart.put(n, u.snapshot()));
        }

        Map<String, Object> end() {
            Map<String, Object> usage = whole.between(start, whole.snapshot());
            Map<String, Object> threads = new LinkedHashMap<>();
            perNode.forEach((n, u) -> {
                Map<String, Object> b = u.between(nodeStart.get(n), u.snapshot());
                String cap = Character.toUpperCase(n.charAt(0)) + n.substring(1);
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("kinds", b.get("threadKindsOf" + cap));
                t.put("busiest", b.get("threadsOf" + cap));
                threads.put(n, t);
            });
            usage.put("tributary", threads);
            return usage;
        }
    }

    static void sampleUsage(Context ctx, LoadEngine engine, Map<String, Long> pids, List<String> tributaryNames) {
        Sampler sampler = new Sampler(ctx, pids, tributaryNames);
        boolean[] started = new boolean[1];
        engine.onMeasureWindow(() -> {
            sampler.start();
            started[0] = true;
        }, () -> {
            if (started[0]) {
                engine.extra().put("usage", sampler.end());
            }
        });
    }

    /** What the processes use with no traffic, the integration running: the baseline of the marginal CPU. */
    static Map<String, Object> idleUsage(Context ctx, Map<String, Long> pids, List<String> tributaryNames, int seconds)
            throws InterruptedException {
        Sampler sampler = new Sampler(ctx, pids, tributaryNames);
        sampler.start();
        Thread.sleep(seconds * 1000L);
        return sampler.end();
    }

    /**
     * CPU ms per 1000 messages above the idle baseline: (cores busy − cores busy at idle) × 10⁶ /
     * msg/s, per process, {@code tributary} (all Tributary processes) and
     * {@code tributaryApplicationThreads}. What a message costs, without the timers, heartbeats and
     * polls a node runs anyway, which dominate CPU per message at a low rate.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Double> marginalCpuPer1000(LoadResult r, Map<String, Object> idle, List<String> tributaryNames) {
        Map<String, Double> out = new LinkedHashMap<>();
        Object u = r.extra() == null ? null : r.extra().get("usage");
        if (!(u instanceof Map<?, ?> usage) || idle == null || r.outPerSec() <= 0) {
            return out;
        }
        double perMsg = 1e6 / r.outPerSec();
        Map<String, Object> cores = (Map<String, Object>) usage.get("coresBusy");
        Map<String, Object> idleCores = (Map<String, Object>) idle.get("coresBusy");
        double total = 0;
        double application = 0;
        for (Map.Entry<String, Object> e : cores.entrySet()) {
            if (!(idleCores.get(e.getKey()) instanceof Number base)) {
                continue;
            }
            double d = ((Number) e.getValue()).doubleValue() - base.doubleValue();
            out.put(e.getKey(), Report.round(d * perMsg, 2));
            if (tributaryNames.contains(e.getKey())) {
                total += d;
            }
        }
        for (String n : tributaryNames) {
            Double a = applicationCores(usage, n);
            Double b = applicationCores(idle, n);
            if (a != null && b != null) {
                application += a - b;
            }
        }
        out.put("tributary", Report.round(total * perMsg, 2));
        out.put("tributaryApplicationThreads", Report.round(application * perMsg, 2));
        return out;
    }

    private static Double applicationCores(Map<?, ?> usage, String node) {
        return usage.get("tributary") instanceof Map<?, ?> t && t.get(node) instanceof Map<?, ?> tm
                && tm.get("kinds") instanceof Map<?, ?> kinds && kinds.get("application") instanceof Number a
                ? a.doubleValue() : null;
    }

    /**
     * CPU ms per 1000 messages delivered (= µs per message): each process, {@code tributary} (all
     * Tributary processes together) and {@code tributaryApplicationThreads} (the same without
     * their JIT and GC/VM threads).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Double> cpuPer1000(LoadResult r, List<String> tributaryNames) {
        Map<String, Double> out = new LinkedHashMap<>();
        Object u = r.extra() == null ? null : r.extra().get("usage");
        if (!(u instanceof Map<?, ?> usage) || r.outPerSec() <= 0) {
            return out;
        }
        double perMsg = 1e6 / r.outPerSec();
        Map<String, Object> cores = (Map<String, Object>) usage.get("coresBusy");
        Map<String, Object> threads = (Map<String, Object>) usage.get("tributary");
        double total = 0;
        double application = 0;
        for (String n : tributaryNames) {
            Object c = cores == null ? null : cores.get(n);
            if (c instanceof Number x) {
                total += x.doubleValue();
            }
            Object t = threads == null ? null : threads.get(n);
            if (t instanceof Map<?, ?> tm && tm.get("kinds") instanceof Map<?, ?> kinds
                    && kinds.get("application") instanceof Number a) {
                application += a.doubleValue();
                out.put(n + "ApplicationThreads", Report.round(a.doubleValue() * perMsg, 2));
            }
        }
        out.put("tributary", Report.round(total * perMsg, 2));
        out.put("tributaryApplicationThreads", Report.round(application * perMsg, 2));
        if (cores != null) {
            cores.forEach((n, v) -> out.put(n, Report.round(((Number) v).doubleValue() * perMsg, 2)));
        }
        if (usage.get("machineCoresBusy") instanceof Number m) {
            out.put("machine", Report.round(m.doubleValue() * perMsg, 2));
        }
        return out;
    }

    /**
     * Ratios to {@code single}: msg/s and CPU per message at max; CPU per message, p50 and p99 at
     * each fixed rate. A fixed-rate run whose delivery fell behind is flagged: its latency is
     * mostly the wait for a core.
     */
    static void figures(Report report, List<String> phases, List<Integer> rates) {
        LoadResult singleMax = report.result("single");
        for (String phase : phases) {
            LoadResult max = report.result(phase);
            if (!phase.equals("single") && singleMax != null && max != null && singleMax.outPerSec() > 0) {
                report.ratios.put("max msg/s " + phase + "/single", Report.round(max.outPerSec() / singleMax.outPerSec(), 2));
                ratio(report, "CPU per msg at max, Tributary " + phase + "/single", cpu(max, "tributary"),
                        cpu(singleMax, "tributary"));
                ratio(report, "CPU per msg at max, Kafka " + phase + "/single", cpu(max, "kafka"), cpu(singleMax, "kafka"));
            }
            for (int rate : rates) {
                LoadResult single = report.result("single@" + rate + "/s");
                LoadResult at = report.result(phase + "@" + rate + "/s");
                if (phase.equals("single") || single == null || at == null) {
                    continue;
                }
                ratio(report, "CPU per msg at " + rate + "/s, Tributary " + phase + "/single", cpu(at, "tributary"),
                        cpu(single, "tributary"));
                ratio(report, "CPU per msg at " + rate + "/s, Tributary application threads " + phase + "/single",
                        cpu(at, "tributaryApplicationThreads"), cpu(single, "tributaryApplicationThreads"));
                ratio(report, "CPU per msg at " + rate + "/s, Kafka " + phase + "/single", cpu(at, "kafka"),
                        cpu(single, "kafka"));
                ratio(report, "marginal CPU per msg at " + rate + "/s, Tributary " + phase + "/single",
                        marginal(at, "tributary"), marginal(single, "tributary"));
                ratio(report, "marginal CPU per msg at " + rate + "/s, Kafka " + phase + "/single",
                        marginal(at, "kafka"), marginal(single, "kafka"));
                ratio(report, "p50 at " + rate + "/s " + phase + "/single", at.p50Ms(), single.p50Ms());
                ratio(report, "p99 at " + rate + "/s " + phase + "/single", at.p99Ms(), single.p99Ms());
            }
        }
        for (LoadResult r : report.results) {
            if (r.rateAsked() <= 0) {
                continue;
            }
            double behind = secondsBehind(r.inSeries(), r.outSeries(), r.rateAsked());
            r.extra().put("maxSecondsBehind", Report.round(behind, 2));
            if (r.outPerSec() < r.rateAsked() * 0.95) {
                report.figures.put("warning " + r.target(), "delivered " + Math.round(r.outPerSec())
                        + " msg/s, below the asked rate: not a fixed-rate run, its latency is queueing");
            } else if (behind > 0.5) {
                report.figures.put("warning " + r.target(), "delivery fell up to " + Report.round(behind, 1)
                        + " s of traffic behind the publishers (and caught up): its latency is mostly queueing");
            }
        }
    }

    /**
     * The most the receivers were behind the publishers, in seconds of traffic at {@code rate}:
     * the largest gap between messages sent and messages received so far, over the per-second
     * series of the whole run (warm-up included).
     */
    static double secondsBehind(List<Long> in, List<Long> out, int rate) {
        long sent = 0;
        long received = 0;
        long worst = 0;
        for (int i = 0; i < Math.max(in.size(), out.size()); i++) {
            sent += i < in.size() ? in.get(i) : 0;
            received += i < out.size() ? out.get(i) : 0;
            worst = Math.max(worst, sent - received);
        }
        return rate <= 0 ? 0 : worst / (double) rate;
    }

    private static void ratio(Report report, String key, Double a, Double b) {
        if (a != null && b != null && b > 0) {
            report.ratios.put(key, Report.round(a / b, 2));
        }
    }

    @SuppressWarnings("unchecked")
    static Double cpu(LoadResult r, String key) {
        return figure(r, "cpuMsPer1000Msgs", key);
    }

    static Double marginal(LoadResult r, String key) {
        return figure(r, "marginalCpuMsPer1000Msgs", key);
    }

    private static Double figure(LoadResult r, String group, String key) {
        Object c = r.extra() == null ? null : r.extra().get(group);
        return c instanceof Map<?, ?> m && m.get(key) instanceof Number n ? n.doubleValue() : null;
    }

    /** The markdown table docs/benchmarks.md shows: one row per result. */
    static String table(Report report, List<String> phases, List<Integer> rates) {
        StringBuilder md = new StringBuilder();
        md.append("| phase | rate | out msg/s | p50 ms | p99 ms | max s behind | Tributary CPU ms/1000 msgs: all (per "
                + "process) | of which application threads | Kafka CPU ms/1000 | Tributary marginal CPU ms/1000 (per "
                + "process) | Kafka marginal | lost | load avg |\n");
        md.append("|---|---|---:|---:|---:|---:|---|---:|---:|---|---:|---:|---|\n");
        for (String phase : phases) {
            List<String> names = nodesOf(phase).stream().map(Node::name).toList();
            List<LoadResult> rows = new ArrayList<>();
            rows.add(report.result(phase));
            rates.forEach(rate -> rows.add(report.result(phase + "@" + rate + "/s")));
            for (LoadResult r : rows) {
                if (r == null) {
                    continue;
                }
                StringBuilder per = new StringBuilder();
                StringBuilder perMarginal = new StringBuilder();
                for (String n : names) {
                    per.append(per.isEmpty() ? "" : ", ").append(n).append(' ').append(fmt(cpu(r, n)));
                    perMarginal.append(perMarginal.isEmpty() ? "" : ", ").append(n).append(' ')
                            .append(fmt(marginal(r, n)));
                }
                String marginalCell = marginal(r, "tributary") == null ? ""
                        : fmt(marginal(r, "tributary")) + " (" + perMarginal + ")";
                Object behind = r.extra() == null ? null : r.extra().get("maxSecondsBehind");
                md.append(String.format("| %s | %s | %,.0f | %.2f | %.2f | %s | %s (%s) | %s | %s | %s | %s | %d | %s |%n",
                        phase,
                        r.rateAsked() > 0 ? r.rateAsked() + "/s" : "max", r.outPerSec(), r.p50Ms(), r.p99Ms(),
                        behind == null ? "" : behind,
                        fmt(cpu(r, "tributary")), per, fmt(cpu(r, "tributaryApplicationThreads")),
                        fmt(cpu(r, "kafka")), marginalCell, marginal(r, "kafka") == null ? "" : fmt(marginal(r, "kafka")),
                        r.lost(), r.loadAverage()));
            }
        }
        return md.toString();
    }

    private static String fmt(Double v) {
        return v == null ? "?" : String.format("%.1f", v);
    }

    /** Creates the integration on node {@code adminPort} (any node: the configuration is shared). */
    static String createIntegration(int adminPort, String bootstrap, String topic) throws Exception {
        return KafkaScenario.postIntegration(adminPort, bootstrap, topic, "bench/#");
    }

    /** Until the node runs the integration (ACTIVE) and its producer is connected. */
    static void awaitActive(int adminPort, String id) throws Exception {
        KafkaScenario.awaitActive(adminPort, id, 90);
    }

    /**
     * Until every executor reads some partitions and together they read all of them (as the
     * heartbeats show in {@code /api/cluster}); the assignment then, or at the timeout.
     */
    static Map<String, List<Integer>> awaitPartitions(int adminPort, String id, List<Node> nodes, int partitions)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<String, List<Integer>> now = Map.of();
        while (System.nanoTime() < deadline) {
            now = clusterPartitions(adminPort, id);
            TreeSet<Integer> union = new TreeSet<>();
            boolean everyExecutor = true;
            for (Node n : nodes) {
                if (n.executor()) {
                    List<Integer> ps = now.getOrDefault(n.name(), List.of());
                    everyExecutor &= !ps.isEmpty();
                    union.addAll(ps);
                }
            }
            if (everyExecutor && union.size() == partitions) {
                return now;
            }
            Thread.sleep(500);
        }
        System.err.println("warning: partitions of " + id + " not spread over every executor after 60 s: " + now);
        return now;
    }

    /** Node → partitions it reads for the integration, from {@code GET /api/cluster}. */
    static Map<String, List<Integer>> clusterPartitions(int adminPort, String id) throws Exception {
        HttpResponse<String> r = KafkaScenario.http().send(KafkaScenario.request(adminPort, "/api/cluster").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (JsonNode i : JSON.readTree(r.body()).path("integrations")) {
            if (id.equals(i.path("id").asString())) {
                for (JsonNode n : i.path("nodes")) {
                    List<Integer> ps = new ArrayList<>();
                    n.path("partitions").forEach(p -> ps.add(p.asInt()));
                    out.put(n.path("nodeId").asString(), ps);
                }
            }
        }
        return out;
    }

    static JsonNode integration(int adminPort, String id) throws Exception {
        return KafkaScenario.integration(adminPort, id);
    }

    private static String secretKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

}
