package io.tributary.bench.scenario;

import io.tributary.bench.Options;
import io.tributary.bench.load.LoadEngine;
import io.tributary.bench.load.LoadResult;
import io.tributary.bench.load.LoadSpec;
import io.tributary.bench.load.MqttLoad;
import io.tributary.bench.load.Payload;
import io.tributary.bench.load.Sender;
import io.tributary.bench.load.Topology;
import io.tributary.bench.logstore.FsyncProbe;
import io.tributary.bench.proc.KafkaProcess;
import io.tributary.bench.proc.TributaryProcess;
import io.tributary.bench.report.Report;
import io.tributary.kafka.config.KafkaSettings;
import io.tributary.kafka.producer.ClientProperties;
import io.tributary.integration.commons.record.RecordContext;
import io.tributary.kafka.record.RecordFactory;
import io.tributary.plugin.api.message.IntegrationMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * (c) MQTT → Kafka. Three phases against one local Kafka (its own JVM):
 * <ol>
 * <li>raw: a plain kafka-clients producer in this process sends the records the Kafka plugin
 * would send (same {@link RecordFactory}, same producer settings): the limit the hop can reach;</li>
 * <li>tributary max: MQTT publishers on {@code tbmq/bench/i}, one Kafka integration on
 * {@code tbmq/#} created over the REST API;</li>
 * <li>tributary at half of the max it reached: the latency target's load.</li>
 * </ol>
 * With {@code --durability LIST} (or {@code all}) phases 2 and 3 run once per
 * {@code integration.durability} mode, each in a new Tributary process with an empty data dir,
 * against the same Kafka, so the modes' ratios come from one run. A consumer in this process
 * reads the topic; the payload's timestamp gives publish → record latency, the publisher's
 * completion the PUBACK latency. {@code --fsync-probe SEC} measures the disk's raw
 * write + fdatasync rate before and after the Tributary phases.
 */
public final class KafkaScenario {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KafkaScenario() {
    }

    public static Report run(Context ctx, Options o) throws Exception {
        int publishers = o.integer("publishers", 8);
        int qos = o.integer("qos", 1);
        int payload = o.size("payload", 64);
        int rate = o.rate("rate", 0);
        // three JVMs compiling at once on 2 cores: their JIT compilers were still busy after 15 s
        int warmup = o.seconds("warmup", 20);
        int latencyRate = o.rate("latency-rate", 0);
        int duration = o.seconds("duration", 20);
        int window = o.integer("window", 10_000);
        boolean half = o.flag("half", true);
        List<String> phases = o.list("phases", List.of("raw", "tributary"));
        List<String> modes = Context.durabilityModes(o);
        int probeSeconds = o.seconds("fsync-probe", 3);
        String name = o.str("name", "kafka-qos" + qos + "-" + payload + "B");
        Topology topology = Topology.toKafka(publishers);
        LoadSpec spec = new LoadSpec(qos, payload, rate, warmup, duration, window, 20);

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("publishers", publishers);
        params.put("qos", qos);
        params.put("payloadBytes", payload);
        params.put("rate", rate <= 0 ? "max" : rate);
        params.put("warmupSec", warmup);
        params.put("durationSec", duration);
        params.put("endToEndWindow", window);
        params.put("producer", "acks=-1 retries=0 batch.size=16384 linger.ms=0 buffer.memory=33554432 "
                + "compression=none (the plugin's defaults, both phases)");
        params.put("recordValue", "the plugin's JSON document (payload in base64)");
        params.put("durability", modes.isEmpty() ? "platform default (integration.durability not passed)" : modes);
        Report report = new Report(name, ctx.command, ctx.env, params);
        ctx.out.printf("%n### %s: %d publishers -> Kafka, QoS %d, %d B, rate %s, %ds + %ds warm-up%n", name,
                publishers, qos, payload, rate <= 0 ? "max" : rate + "/s", duration, warmup);

        int fixedRate = 0;
        Path lib = KafkaProcess.ensureLib(ctx.repoRoot);
        // --kafka-dir /dev/shm: Kafka's log in memory, so its writes do not share the disk the
        // integration log fsyncs on (as with a Kafka on other machines)
        Path kafkaDir = o.path("kafka-dir", null);
        Path kafkaWork = kafkaDir == null ? ctx.work("kafka")
                : java.nio.file.Files.createTempDirectory(kafkaDir, "bench-kafka-");
        try (KafkaProcess kafka = KafkaProcess.start(lib, kafkaWork, o.str("kafka-jvm", KafkaProcess.DEFAULT_JVM))) {
            String bs = kafka.bootstrap();
            createTopics(bs, List.of("bench.raw", "bench.tributary"));
            report.brokers.put("kafka", Map.of("bootstrap", bs, "jvm", o.str("kafka-jvm", KafkaProcess.DEFAULT_JVM),
                    "partitions", 1, "logDir", kafka.logDir().toString()));
            Map<String, Long> kafkaPid = Map.of("kafka", kafka.pid());
            if (phases.contains("raw")) {
                report.results.add(raw(ctx, bs, topology, spec, "raw-producer", kafkaPid));
            }
            if (phases.contains("tributary")) {
                boolean probe = probeSeconds > 0 && (modes.isEmpty() || modes.contains("fsync"));
                if (probe) {
                    report.figures.put("fsync probe before (write 4 KiB + force(false), one thread)",
                            FsyncProbe.run(ctx.work("fsync-probe"), probeSeconds, false));
                }
                for (String mode : modes.isEmpty() ? List.of("") : modes) {
                    String label = Context.label(mode);
                    try (TributaryProcess broker = TributaryProcess.start(ctx.distLib(o), ctx.kafkaPluginZip(o),
                            ctx.work(label), ctx.brokerJvm(o), ctx.tributaryArgs(o, List.of(), mode),
                            ctx.jfrFile(o, name + (mode.isEmpty() ? "" : "-" + mode)))) {
                        report.brokers.put(label, MqttScenario.brokerInfo(broker));
                        String id = createIntegration(broker.adminPort(), bs, "bench.tributary");
                        report.brokers.put(label + "Integration", id);
                        Map<String, Long> pids = Map.of("tributary", broker.pid(), "kafka", kafka.pid());
                        LoadResult max = viaTributary(ctx, label, broker, bs, topology, spec, pids);
                        report.results.add(max);
                        if (half && rate <= 0 && max.outPerSec() > 0) {
                            if (fixedRate == 0) {
                                // the same fixed rate for every mode: the first one's half unless --latency-rate
                                fixedRate = latencyRate > 0 ? latencyRate
                                        : (int) Math.max(1, Math.round(max.outPerSec() / 2));
                            }
                            report.results.add(viaTributary(ctx, label + "@" + fixedRate + "/s", broker, bs, topology,
                                    spec.withRate(fixedRate).withWindow(Math.max(window, fixedRate * 2)), pids));
                        }
                        report.brokers.put(label + "IntegrationAfterRun", integration(broker.adminPort(), id).toString());
                        report.brokers.put(label + "DataDir", broker.dataDirUsage());
                    }
                }
                if (probe) {
                    report.figures.put("fsync probe after (write 4 KiB + force(false), one thread)",
                            FsyncProbe.run(ctx.work("fsync-probe"), probeSeconds, false));
                }
                if (fixedRate > 0 && phases.contains("raw")) {
                    // the same fixed rate straight into Kafka: the latency the Kafka hop has by itself
                    report.results.add(raw(ctx, bs, topology, spec.withRate(fixedRate)
                            .withWindow(Math.max(window, fixedRate * 2)), "raw-producer@" + fixedRate + "/s", kafkaPid));
                }
            }
        }
        if (kafkaDir != null) {
            try (var files = java.nio.file.Files.walk(kafkaWork)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(f);
                }
            }
        }
        LoadResult raw = report.result("raw-producer");
        LoadResult memory = report.result(Context.label("memory"));
        for (String mode : modes.isEmpty() ? List.of("") : modes) {
            String label = Context.label(mode);
            LoadResult t = report.result(label);
            if (raw != null && t != null && raw.outPerSec() > 0) {
                report.ratios.put("records/s " + label + "/raw producer", Report.round(t.outPerSec() / raw.outPerSec(), 2));
            }
            if (memory != null && t != null && t != memory && memory.outPerSec() > 0) {
                report.ratios.put("records/s " + label + "/" + memory.target(),
                        Report.round(t.outPerSec() / memory.outPerSec(), 2));
            }
            if (t != null) {
                report.figures.put("PUBACK p50/p99/p99.9 ms at max, " + label,
                        t.ackP50Ms() + " / " + t.ackP99Ms() + " / " + t.ackP999Ms());
            }
        }
        report.results.stream().filter(r -> r.target().startsWith("tributary") && r.target().contains("@"))
                .forEach(h -> report.figures.put("p99 publish->Kafka, PUBACK p50/p99 at "
                        + h.target().substring(h.target().indexOf('@') + 1) + ", " + h.target().substring(0,
                        h.target().indexOf('@')) + " (ms)", h.p99Ms() + "; " + h.ackP50Ms() + " / " + h.ackP99Ms()));
        report.results.stream().filter(r -> r.target().startsWith("raw-producer@")).findFirst().ifPresent(h ->
                report.figures.put("p99 raw producer->Kafka at " + h.target().substring("raw-producer@".length())
                        + " (ms)", h.p99Ms()));
        cpuFigures(report);
        MqttScenario.charts(ctx, report, name);
        report.printTable(ctx.out, name);
        ctx.out.println("  results: " + report.write(ctx.outDir, name));
        return report;
    }

    static final String RAW_PRODUCER_THREADS = "rawProducer";

    /** Thread names (15 characters, as in /proc) that do the raw producer's work in this JVM. */
    static boolean isRawProducerThread(String name) {
        return name.startsWith("bench-pub-") || name.startsWith("kafka-producer-");
    }

    /**
     * CPU milliseconds per 1000 messages delivered to Kafka (= µs per message) in the measured
     * window, per process (and Tributary without its JIT and GC threads; the raw producer's own
     * threads), from the window's {@code usage}. Empty when nothing was sampled.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Double> cpuPer1000(LoadResult r) {
        Map<String, Double> out = new LinkedHashMap<>();
        Object u = r.extra() == null ? null : r.extra().get("usage");
        if (!(u instanceof Map<?, ?> usage) || r.outPerSec() <= 0) {
            return out;
        }
        double perMsg = 1e6 / r.outPerSec(); // cores busy → ms of CPU per 1000 messages
        Map<String, Object> cores = (Map<String, Object>) usage.get("coresBusy");
        if (cores != null) {
            cores.forEach((name, v) -> out.put(name, Report.round(((Number) v).doubleValue() * perMsg, 2)));
        }
        Map<String, Object> kinds = (Map<String, Object>) usage.get("threadKindsOfTributary");
        if (kinds != null) {
            out.put("tributaryApplicationThreads",
                    Report.round(((Number) kinds.get("application")).doubleValue() * perMsg, 2));
            out.put("tributaryJit", Report.round(((Number) kinds.get("jit")).doubleValue() * perMsg, 2));
            out.put("tributaryGcAndVm", Report.round(((Number) kinds.get("gcAndVm")).doubleValue() * perMsg, 2));
        }
        Map<String, Object> groups = (Map<String, Object>) usage.get("loadgenThreadGroups");
        if (groups != null && groups.get(RAW_PRODUCER_THREADS) != null) {
            out.put(RAW_PRODUCER_THREADS,
                    Report.round(((Number) groups.get(RAW_PRODUCER_THREADS)).doubleValue() * perMsg, 2));
        }
        Object machine = usage.get("machineCoresBusy");
        if (machine instanceof Number n) {
            out.put("machine", Report.round(n.doubleValue() * perMsg, 2));
        }
        return out;
    }

    /** CPU per 1000 messages of every result into its {@code extra}, the headline figures and ratios into the report. */
    private static void cpuFigures(Report report) {
        for (LoadResult r : report.results) {
            Map<String, Double> cpu = cpuPer1000(r);
            if (cpu.isEmpty()) {
                continue;
            }
            r.extra().put("cpuMsPer1000Msgs", cpu);
            String who = r.target().startsWith("raw-producer")
                    ? "raw producer threads " + cpu.get(RAW_PRODUCER_THREADS)
                    : "tributary process " + cpu.get("tributary") + " (application threads "
                    + cpu.get("tributaryApplicationThreads") + ", JIT " + cpu.get("tributaryJit") + ", GC/VM "
                    + cpu.get("tributaryGcAndVm") + ")";
            report.figures.put("CPU ms per 1000 msgs, " + r.target(), who + "; kafka " + cpu.get("kafka")
                    + "; load generator " + cpu.get("loadgen") + "; machine " + cpu.get("machine")
                    + " (load avg " + r.loadAverage() + ")");
        }
        LoadResult rawMax = report.result("raw-producer");
        LoadResult rawFixed = report.results.stream().filter(x -> x.target().startsWith("raw-producer@"))
                .findFirst().orElse(null);
        for (LoadResult t : report.results) {
            if (!t.target().startsWith("tributary")) {
                continue;
            }
            LoadResult raw = t.target().contains("@") ? rawFixed : rawMax;
            Map<String, Double> tc = cpuPer1000(t);
            Map<String, Double> rc = raw == null ? Map.of() : cpuPer1000(raw);
            if (tc.get("tributary") != null && rc.get(RAW_PRODUCER_THREADS) != null
                    && rc.get(RAW_PRODUCER_THREADS) > 0) {
                report.ratios.put("CPU per msg " + t.target() + "/raw producer (process; application threads)",
                        Report.round(tc.get("tributary") / rc.get(RAW_PRODUCER_THREADS), 2) + "; "
                                + Report.round(tc.get("tributaryApplicationThreads") / rc.get(RAW_PRODUCER_THREADS), 2));
            }
            if (t.target().contains("@") && raw != null && raw.p99Ms() > 0) {
                report.ratios.put("p99 publish->Kafka " + t.target() + "/raw producer",
                        Report.round(t.p99Ms() / raw.p99Ms(), 2));
            }
        }
    }

    /** The producer settings the plugin uses by default, from the plugin's own code. */
    static KafkaSettings pluginDefaults(String bootstrap, String topic) {
        return new KafkaSettings(false, bootstrap, topic, "", "bench-raw", 0, 16384, 0, 33554432L, "-1", "none",
                Map.of(), Map.of(), StandardCharsets.UTF_8, false);
    }

    private static LoadResult raw(Context ctx, String bs, Topology topology, LoadSpec spec, String label,
                                  Map<String, Long> pids) throws Exception {
        KafkaSettings settings = pluginDefaults(bs, "bench.raw");
        RecordFactory records = RecordFactory.create(settings, new RecordContext("bench", Map.of(), "bench"));
        LoadEngine engine = new LoadEngine(label, topology, spec, ctx.out);
        // the producer's own CPU: the threads that build and send the records (the engine's
        // publisher threads, as Tributary's delivery thread does) and the producer's I/O thread
        ctx.sampleUsage(engine, pids, Map.of(RAW_PRODUCER_THREADS, KafkaScenario::isRawProducerThread));
        try (Consumer consumer = new Consumer(bs, "bench.raw", engine);
             Producer<byte[], byte[]> producer = new KafkaProducer<>(ClientProperties.producer(settings, "bench-raw"),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.start();
            List<Sender> senders = new ArrayList<>();
            for (int i = 0; i < topology.publisherTopics().size(); i++) {
                String topic = topology.publisherTopics().get(i);
                String clientId = "bench-pub-" + i;
                senders.add(payload -> {
                    IntegrationMessage m = IntegrationMessage.builder().topic(topic).payload(payload).qos(spec.qos())
                            .clientId(clientId).receivedAt(System.currentTimeMillis()).brokerNodeId("bench").build();
                    CompletableFuture<Object> f = new CompletableFuture<>();
                    producer.send(records.build(m), (md, e) -> {
                        if (e == null) {
                            f.complete(md);
                        } else {
                            f.completeExceptionally(e);
                        }
                    });
                    return f;
                });
            }
            return engine.run(senders);
        }
    }

    private static LoadResult viaTributary(Context ctx, String label, TributaryProcess broker, String bs,
                                           Topology topology, LoadSpec spec, Map<String, Long> pids) throws Exception {
        LoadEngine engine = new LoadEngine(label, topology, spec, ctx.out);
        ctx.sampleUsage(engine, pids);
        try (Consumer consumer = new Consumer(bs, "bench.tributary", engine)) {
            consumer.start();
            return MqttLoad.publishOnly(engine, label, "127.0.0.1", broker.mqttPort(), topology, spec);
        }
    }

    static void createTopics(String bs, List<String> names) throws Exception {
        Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bs);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = Admin.create(conf)) {
            while (true) {
                try {
                    List<NewTopic> topics = names.stream().map(n -> new NewTopic(n, 1, (short) 1)).toList();
                    admin.createTopics(topics).all().get(20, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    static String createIntegration(int adminPort, String bootstrap, String topic) throws Exception {
        String id = postIntegration(adminPort, bootstrap, topic, "tbmq/#");
        awaitActive(adminPort, id, 60);
        return id;
    }

    /** Until node {@code adminPort} runs the integration (ACTIVE) and its producer is connected. */
    static void awaitActive(int adminPort, String id, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        JsonNode node = null;
        while (System.nanoTime() < deadline) {
            node = integration(adminPort, id);
            JsonNode status = node.path("status");
            if ("ACTIVE".equals(status.path("status").asString()) && status.path("connected").asBoolean(false)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("integration " + id + " not ACTIVE and connected on :" + adminPort + ": " + node);
    }

    /** Creates a Kafka integration "bench" on {@code filter} over node {@code adminPort}'s admin API; returns its id. */
    static String postIntegration(int adminPort, String bootstrap, String topic, String filter) throws Exception {
        String body = """
                {"name": "bench", "type": "KAFKA",
                 "configuration": {"topicFilters": ["%s"],
                                   "clientConfiguration": {"bootstrapServers": "%s", "topic": "%s"},
                                   "metadata": {}}}""".formatted(filter, bootstrap, topic);
        HttpResponse<String> r = http().send(request(adminPort, "/api/integrations")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException("creating the Kafka integration answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("id").asString();
    }

    static JsonNode integration(int adminPort, String id) throws Exception {
        HttpResponse<String> r = http().send(request(adminPort, "/api/integrations/" + id).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    static HttpRequest.Builder request(int port, String path) {
        String auth = Base64.getEncoder().encodeToString(("admin:" + TributaryProcess.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + auth).timeout(Duration.ofSeconds(120)); // PBKDF2 per request on a loaded machine
    }

    /** Reads one topic from its end on a thread of its own and reports every record to the engine. */
    static final class Consumer implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final LoadEngine engine;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Consumer(String bs, String topic, LoadEngine engine) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bs);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
            p.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, 1 << 20);
            this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.engine = engine;
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp); // resolve the end now, before anything is published
            this.thread = new Thread(this::loop, "bench-kafka-consumer");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void loop() {
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    engine.arrived(0, Payload.readRecordValue(r.value()), now);
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5000);
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
