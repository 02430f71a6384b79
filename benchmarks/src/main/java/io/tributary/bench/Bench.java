package io.tributary.bench;

import io.tributary.bench.load.LoadResult;
import io.tributary.bench.report.Report;
import io.tributary.bench.scenario.ClusterScenario;
import io.tributary.bench.scenario.Context;
import io.tributary.bench.scenario.IdleScenario;
import io.tributary.bench.scenario.KafkaScenario;
import io.tributary.bench.scenario.LogStoreScenario;
import io.tributary.bench.scenario.MqttScenario;
import io.tributary.bench.scenario.OverloadScenario;
import io.tributary.bench.scenario.StartupScenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The harness's command line: {@code benchmarks/run <scenario> [--option value ...]}. */
public final class Bench {
    private static final String USAGE = """
            usage: benchmarks/run <scenario> [options]

            scenarios
              fan-in    many publishers -> one subscriber on bench/g<N>/# per group (Tributary vs Mosquitto)
              p2p       publisher i -> subscriber i on its own topic (Tributary vs Mosquitto)
              overload  8 QoS 1 publishers, each limited only by its own PUBACK window (4), -> 1 subscriber on
                        bench/#, default settings of both brokers, --runs N (5) interleaved runs per broker
              kafka     MQTT tbmq/# -> Kafka integration vs a raw kafka-clients producer, then at half load
              cluster   MQTT bench/# -> Kafka through one process (single), then a broker node + 1 and + 2
                        executor nodes (integration log in Kafka), each phase on a new PostgreSQL; max rate,
                        then --latency-rate and --low-rate; CPU per message of every Tributary process and of Kafka
              idle      N idle connections: heap and RSS per connection (Tributary; RSS for Mosquitto)
              startup   platform ready time with the Kafka plugin installed
              logstore  storage candidates for the durable integration log: SegmentLog, RocksDB, SQLite,
                        Chronicle Queue (throughput, append-to-stored latency, disk per record, recovery)
              suite     all of the above with their defaults (< 15 min), plus summary.md
              jmh       JMH microbenchmarks; the rest of the line goes to JMH (e.g. jmh TopicTrie -f 1)

            load options (fan-in, p2p, kafka)
              --publishers N     (fan-in 16, p2p 8, kafka 8)     --subscribers N  topic groups (fan-in, 1)
              --topics N         distinct topics (= publishers)  --qos 0|1|2      (1)
              --payload BYTES    64, 1k, ... (64)                --rate N|max     total msgs/s (max)
              --duration SEC     measured (20)                   --warmup SEC     not measured (5; kafka 20)
              --window N         deliveries in flight end to end before publishers wait (max rate: 1000/subscriber)
              --targets LIST     tributary,mosquitto             --broker HOST:PORT  a broker already running instead
              --max-inflight N   in-flight QoS 1/2 per session, both brokers (32); --max-queued N Tributary's
                                 session queue (100000); --mosquitto-max-queued N (0 = no limit)
              --half true        then both brokers again at half of Tributary's max rate (latency at a fixed load;
                                 kafka does this by default)
              --durability MODE  Tributary's integration.durability: fsync, os, memory, a list (fsync,memory) or all
                                 (= memory,fsync,os): one Tributary process per mode, each with an empty data dir,
                                 in this order (kafka: against the same Kafka, ratios to memory); default: the
                                 platform's default (fsync), flag not passed
            overload options
              --ack-window N     PUBACKs each publisher may await (4)  --runs N  runs per broker, interleaved (5)
              --publishers N     (8)   --warmup SEC (15)  --duration SEC (15)
                                 --payload, --qos, --targets, --tributary-args, --dist, --jfr as above
            other options
              --connections N    idle (10000)                    --runs N         startup (5)
              --latency-rate N   kafka: fixed rate of the latency runs (default half of the first Tributary max)
              --kafka-dir DIR    kafka: Kafka's work and log dir in a temp dir under DIR (e.g. /dev/shm, so that its
                                 writes stay off the disk Tributary fsyncs on; default: the results dir); Kafka's
                                 log dir is deleted when it stops
              --fsync-probe SEC  kafka: the disk's raw write 4 KiB + fdatasync rate before and after the Tributary
                                 phases when fsync is among the modes (3; 0 skips)
              --cds false        startup without the runs that use bin/tributary's class-data archive
              --out DIR          results dir (benchmarks/target/results/<time>)
              --charts DIR       also copy the PNG charts there (e.g. docs/benchmarks)
              --broker-jvm "..." Tributary JVM flags (-Xms1g -Xmx1g -XX:+UseG1GC)
              --tributary-args "--key=value ..."  extra Tributary configuration flags
              --jfr              record the Tributary JVM with JFR (profile settings) into the results dir
              --dist DIR         Tributary lib dir (plugins-dist/target/tributary-<version>/lib)
              --plugin-zip FILE  the Kafka plugin zip the kafka scenario installs (benchmarks/target/plugins/...)

            cluster options (not part of suite; about 6 min with the defaults)
              --phases LIST      single,broker+1exec,broker+2exec (any broker+<N>exec)
              --partitions N     cluster.kafka.partitions of the internal topic (4); the publishers' client ids
                                 are chosen to land publisher i in partition i % N
              --latency-rate N   fixed rate of the second run of each phase (5000)
              --low-rate N       fixed rate of the third run, low enough not to saturate the machine (1000; 0 skips)
              --idle SEC         CPU with no traffic after the max run (5; 0 skips): the baseline of the marginal
                                 CPU per message at the fixed rates ((busy - idle) / rate)
              --warmup SEC (15)  --duration SEC (15)  --latency-warmup SEC (5)  --publishers N (8)  --window N
              --single-durability MODE  integration.durability of the single phase (platform default)
              --pg-bin DIR       PostgreSQL binaries (newest /usr/lib/postgresql/<v>/bin); as root the server
                                 runs as the postgres user (runuser)
                                 --broker-jvm (every node), --kafka-jvm, --tributary-args (every node), --jfr as above

            logstore options (not part of suite)
              --stores LIST      segmentlog-fsync,segmentlog-os,rocksdb,sqlite,chronicle,chronicle-1w,chronicle-1w-msync
                                 (default; chronicle-sync, each appender msyncing its own writes, only when named)
              --threads N        appenders (8)                   --window N       appends in flight per appender (16)
              --warmup SEC       (3)                             --duration SEC   measured (10)
              --records N        stored before the kill -9 and the recovery (1000000)
              --fill-window N    appends in flight per appender while filling (256); --fill-timeout SEC (180)
              --fsync-seconds S  raw fsync probe per variant (3) --dir DIR        parent of the temp dir (benchmarks/target)
              --store-jvm "..."  JVM flags of each candidate's JVM (-Xms512m -Xmx1g -XX:+UseG1GC)
              --chronicle-flags false  run Chronicle without its Java 17 --add-opens/--add-exports
              --rounds N         run all candidates N times in turn; the table shows medians (1)
              --keep true        keep the store directories
              --drop-caches true empty the OS page cache before each recovery (root; as after a reboot)
            """;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.println(USAGE);
            return;
        }
        String scenario = args[0];
        if (scenario.equals("jmh")) {
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            org.openjdk.jmh.Main.main(rest);
            return;
        }
        Options o = Options.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
        Path root = repoRoot(o);
        Path out = o.path("out", root.resolve("benchmarks/target/results")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        Path charts = o.path("charts", null);
        Context ctx = new Context(root, out.toAbsolutePath(), charts == null ? null : charts.toAbsolutePath(),
                System.out, "benchmarks/run " + String.join(" ", args));
        System.out.println("Environment: " + ctx.env);
        List<Report> reports = new ArrayList<>();
        switch (scenario) {
            case "fan-in", "p2p" -> reports.add(MqttScenario.run(ctx, scenario, o));
            case "overload" -> reports.add(OverloadScenario.run(ctx, o));
            case "kafka" -> reports.add(KafkaScenario.run(ctx, o));
            case "cluster" -> reports.add(ClusterScenario.run(ctx, o));
            case "idle" -> reports.add(IdleScenario.run(ctx, o));
            case "startup" -> reports.add(StartupScenario.run(ctx, o));
            case "logstore" -> reports.add(LogStoreScenario.run(ctx, o));
            case "suite" -> reports.addAll(suite(ctx, o));
            default -> {
                System.err.println("unknown scenario '" + scenario + "'\n\n" + USAGE);
                System.exit(2);
            }
        }
        List<String> unused = o.unused();
        if (!unused.isEmpty()) {
            System.err.println("warning: options not used by " + scenario + ": " + unused);
        }
        Path summary = writeSummary(ctx, reports);
        System.out.println("\nSummary: " + summary);
    }

    /** Every scenario with defaults: the figures in docs/benchmarks.md. */
    static List<Report> suite(Context ctx, Options o) throws Exception {
        List<Report> reports = new ArrayList<>();
        for (int qos : new int[]{1, 0}) {
            for (String payload : new String[]{"64", "1k"}) {
                reports.add(MqttScenario.run(ctx, "fan-in", o.copy().with("qos", qos).with("payload", payload)
                        .withDefault("half", qos == 1 && payload.equals("64"))));
            }
        }
        reports.add(MqttScenario.run(ctx, "p2p", o.copy().with("qos", 1).withDefault("half", true)));
        reports.add(OverloadScenario.run(ctx, o.copy().withDefault("runs", 1)));
        reports.add(KafkaScenario.run(ctx, o.copy()));
        reports.add(IdleScenario.run(ctx, o.copy()));
        reports.add(StartupScenario.run(ctx, o.copy()));
        return reports;
    }

    static Path writeSummary(Context ctx, List<Report> reports) throws java.io.IOException {
        StringBuilder md = new StringBuilder();
        md.append("| scenario | target | out msg/s | p50 ms | p99 ms | max ms | lost | dup | load avg |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Report r : reports) {
            for (LoadResult x : r.results) {
                md.append(String.format("| %s | %s | %,.0f | %.2f | %.2f | %.1f | %d | %d | %s |%n", r.scenario(),
                        x.target(), x.outPerSec(), x.p50Ms(), x.p99Ms(), x.maxMs(), x.lost(), x.duplicates(),
                        x.loadAverage()));
            }
        }
        md.append("\n");
        for (Report r : reports) {
            for (Map.Entry<String, Object> e : r.ratios.entrySet()) {
                md.append("- ").append(r.scenario()).append(": ").append(e.getKey()).append(" = ").append(e.getValue())
                        .append('\n');
            }
            for (Map.Entry<String, Object> e : r.figures.entrySet()) {
                md.append("- ").append(r.scenario()).append(": ").append(e.getKey()).append(" = ").append(e.getValue())
                        .append('\n');
            }
        }
        Files.createDirectories(ctx.outDir);
        Path file = ctx.outDir.resolve("summary.md");
        Files.writeString(file, md.toString());
        return file;
    }

    /** The repository: --root, the bench.root property (set by benchmarks/run), or up from the working dir. */
    static Path repoRoot(Options o) {
        String explicit = o.str("root", System.getProperty("bench.root"));
        if (explicit != null) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("plugins-dist")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
            p = p.getParent();
        }
        return Path.of("").toAbsolutePath();
    }
}
