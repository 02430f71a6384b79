package io.tributary.bench.proc;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A single-node KRaft Kafka in its own JVM, from the jars tools/kafka-dev fetches from Maven
 * Central (tools/kafka-dev/target/lib), on free ports and a fresh log dir: it does not touch a
 * dev broker someone else runs on 9092.
 */
public final class KafkaProcess implements AutoCloseable {
    public static final String DEFAULT_JVM = "-Xms512m -Xmx512m -XX:+UseG1GC";
    private final Process process;
    private final String bootstrap;
    private final Path data;

    private KafkaProcess(Process process, String bootstrap, Path data) {
        this.process = process;
        this.bootstrap = bootstrap;
        this.data = data;
    }

    /** The dev broker's jars, fetched with Maven the first time (as tools/kafka-dev/kafka does). */
    public static Path ensureLib(Path repoRoot) throws IOException, InterruptedException {
        Path here = repoRoot.resolve("tools/kafka-dev");
        Path lib = here.resolve("target/lib");
        if (!Files.isDirectory(lib)) {
            System.err.println("Fetching Kafka from Maven Central into " + lib + " ...");
            Process p = new ProcessBuilder("mvn", "-B", "-q", "-f", here.resolve("pom.xml").toString(),
                    "dependency:copy-dependencies", "-DoutputDirectory=" + lib, "-DincludeScope=runtime")
                    .inheritIO().start();
            if (p.waitFor() != 0 || !Files.isDirectory(lib)) {
                throw new IllegalStateException("could not fetch the Kafka jars into " + lib);
            }
        }
        return lib;
    }

    public static KafkaProcess start(Path lib, Path work, String jvmFlags) throws IOException, InterruptedException {
        Files.createDirectories(work);
        int port = Procs.freePort();
        int controller = Procs.freePort();
        Path data = work.resolve("kafka-data");
        Path props = work.resolve("server.properties");
        Files.writeString(props, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controller,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controller,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""));
        String cp = lib.toAbsolutePath() + "/*";
        Path formatLog = work.resolve("kafka-format.log");
        Process format = new ProcessBuilder(Procs.java(), "-cp", cp, "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", props.toString())
                .redirectErrorStream(true).redirectOutput(formatLog.toFile()).start();
        if (format.waitFor() != 0) {
            throw new IllegalStateException("kafka storage format failed:\n" + Procs.tail(formatLog, 20));
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Procs.java());
        cmd.addAll(Procs.split(jvmFlags));
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add("kafka.Kafka");
        cmd.add(props.toString());
        Path log = work.resolve("kafka.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Procs.awaitPort("localhost", port, p, Duration.ofSeconds(60), log);
        return new KafkaProcess(p, "localhost:" + port, data);
    }

    /** Kafka's log dir (the topics' data; deleted on {@link #close}). */
    public Path logDir() {
        return data;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops Kafka and deletes its log dir: gigabytes after a max-rate run, of no use afterwards. */
    @Override
    public void close() {
        Procs.stop(process, Duration.ofSeconds(15));
        try (var files = Files.walk(data)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort
        }
    }
}
