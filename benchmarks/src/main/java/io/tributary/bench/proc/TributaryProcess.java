package io.tributary.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tributary as a separate JVM: the distribution's class path ({@code plugins-dist/target/tributary-<version>/lib}),
 * a fresh data dir, and a plugins dir holding only the Kafka plugin zip when asked for. Stopped
 * with SIGTERM, so a JFR recording is written on exit.
 */
public final class TributaryProcess implements AutoCloseable {
    public static final String DEFAULT_JVM = "-Xms1g -Xmx1g -XX:+UseG1GC";
    public static final String ADMIN_PASSWORD = "bench-secret";
    private static final Pattern READY = Pattern.compile("ready in (\\d+) ms");

    private final Process process;
    private final int mqttPort;
    private final int adminPort;
    private final List<String> command;
    private final long readyLogMs;
    private final long spawnToReadyMs;
    private final Path log;
    private final Path jfr;

    private TributaryProcess(Process process, int mqttPort, int adminPort, List<String> command, long readyLogMs,
                             long spawnToReadyMs, Path log, Path jfr) {
        this.process = process;
        this.mqttPort = mqttPort;
        this.adminPort = adminPort;
        this.command = command;
        this.readyLogMs = readyLogMs;
        this.spawnToReadyMs = spawnToReadyMs;
        this.log = log;
        this.jfr = jfr;
    }

    /**
     * @param lib        the distribution's lib directory
     * @param pluginZip  plugin to install, or null for none
     * @param jvmFlags   flags of the broker JVM (recorded with the results)
     * @param settings   extra {@code --key=value} configuration flags
     * @param jfrFile    where to write a JFR recording (profile settings), or null
     */
    public static TributaryProcess start(Path lib, Path pluginZip, Path work, String jvmFlags, List<String> settings,
                                         Path jfrFile) throws IOException, InterruptedException {
        return start(lib, pluginZip, work, jvmFlags, settings, jfrFile, "bench", Map.of(), true);
    }

    /**
     * A node of a cluster: its own {@code node.id}, variables such as {@code TRIBUTARY_SECRET_KEY}
     * (secrets stay off the command line the results record), and no MQTT port to wait for when
     * it is an executor-only node ({@code mqtt = false}; {@link #mqttPort()} is then -1).
     */
    public static TributaryProcess start(Path lib, Path pluginZip, Path work, String jvmFlags, List<String> settings,
                                         Path jfrFile, String nodeId, Map<String, String> environment, boolean mqtt)
            throws IOException, InterruptedException {
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("Tributary distribution not found at " + lib
                    + ": build it with mvn -DskipTests package (benchmarks/run does)");
        }
        Files.createDirectories(work);
        Path data = work.resolve("data");
        if (Files.exists(data)) {
            // every run (and every durability mode) starts from an empty data dir: no log to recover
            throw new IllegalStateException("data dir " + data + " exists: each Tributary run needs a fresh work dir");
        }
        Path plugins = work.resolve("plugins");
        Files.createDirectories(plugins);
        if (pluginZip != null) {
            Files.copy(pluginZip, plugins.resolve(pluginZip.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        int mqttPort = Procs.freePort();
        int admin = Procs.freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Procs.java());
        cmd.addAll(Procs.split(jvmFlags));
        if (jfrFile != null) {
            cmd.add("-XX:StartFlightRecording=filename=" + jfrFile + ",settings=profile,dumponexit=true");
        }
        cmd.add("-cp");
        cmd.add(lib.toAbsolutePath() + "/*");
        cmd.add("io.tributary.Tributary");
        cmd.add("--node.id=" + nodeId);
        cmd.add("--data.dir=" + data);
        cmd.add("--plugins.dir=" + plugins);
        cmd.add("--mqtt.bind=127.0.0.1");
        cmd.add("--mqtt.port=" + mqttPort);
        cmd.add("--mqtt.ws.port=-1");
        cmd.add("--admin.bind=127.0.0.1");
        cmd.add("--admin.port=" + admin);
        cmd.add("--admin.password=" + ADMIN_PASSWORD);
        cmd.addAll(settings);
        Path log = work.resolve("tributary.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("TRIBUTARY_"));
        env.putAll(environment);
        long spawned = System.nanoTime();
        Process p = pb.start();
        try {
            Matcher m = Procs.awaitLog(log, READY, p, Duration.ofSeconds(90));
            long spawnToReady = (System.nanoTime() - spawned) / 1_000_000;
            if (mqtt) {
                Procs.awaitPort("127.0.0.1", mqttPort, p, Duration.ofSeconds(10), log);
            }
            Procs.awaitPort("127.0.0.1", admin, p, Duration.ofSeconds(30), log);
            return new TributaryProcess(p, mqtt ? mqttPort : -1, admin, cmd, Long.parseLong(m.group(1)), spawnToReady, log, jfrFile);
        } catch (RuntimeException | InterruptedException e) {
            Procs.stop(p, Duration.ofSeconds(5));
            throw e;
        }
    }

    public int mqttPort() {
        return mqttPort;
    }

    public int adminPort() {
        return adminPort;
    }

    public long pid() {
        return process.pid();
    }

    /** What the platform logs as its start time (Platform.start, after the JVM is up). */
    public long readyLogMs() {
        return readyLogMs;
    }

    /** From spawning the JVM to the "ready" log line: what an operator waits. */
    public long spawnToReadyMs() {
        return spawnToReadyMs;
    }

    public List<String> command() {
        return command;
    }

    public Path log() {
        return log;
    }

    public Path jfr() {
        return jfr;
    }

    /** The data dir. */
    public Path dataDir() {
        return log.getParent().resolve("data");
    }

    /**
     * What the data dir holds now, per top-level entry (integrations, broker, the database):
     * files, bytes, and segment files ({@code *.seg}) of the durable logs.
     */
    public Map<String, Object> dataDirUsage() {
        Map<String, Object> out = new java.util.TreeMap<>();
        Path data = dataDir();
        try (var top = Files.list(data)) {
            for (Path p : top.toList()) {
                long[] acc = new long[3];
                try (var all = Files.walk(p)) {
                    all.filter(Files::isRegularFile).forEach(f -> {
                        acc[0]++;
                        try {
                            acc[1] += Files.size(f);
                        } catch (IOException ignored) {
                            // deleted meanwhile (a reclaimed segment)
                        }
                        if (f.getFileName().toString().endsWith(".seg")) {
                            acc[2]++;
                        }
                    });
                }
                out.put(p.getFileName().toString(), Map.of("files", acc[0], "bytes", acc[1], "segments", acc[2]));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            out.put("error", e.toString());
        }
        return out;
    }

    @Override
    public void close() {
        Procs.stop(process, Duration.ofSeconds(20));
    }
}
