package io.tributary.dist.durability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One unpacked copy of the distribution tarball, outside the source tree, started and stopped as
 * an operator does it: {@code bin/tributary start --daemon}, {@code bin/tributary stop}, and
 * {@code kill -9} of the pid in {@code tributary.pid}. Listens on free ports (port 0) on
 * 127.0.0.1; after every start the ports are read from the log again.
 *
 * <p>Settings go into {@code conf/tributary.properties}, so each restart runs with the same ones.
 * The class-data archive is off ({@code TRIBUTARY_CDS=off}): writing it lengthens a clean stop
 * and has nothing to do with what these tests look at. On close the platform is killed if it
 * still runs, its log is copied to {@code target/durability-logs/} and the copy deleted.
 */
final class Installation implements AutoCloseable {
    static final String PASSWORD = "durability-it-secret";
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Pattern MQTT = Pattern.compile("MQTT listening on tcp://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern ADMIN = Pattern.compile("Admin API listening on http://127\\.0\\.0\\.1:(\\d+)/api");

    private final String label;
    private final Path workDir;
    private final Path home;
    private String javaOpts = "-Xmx256m";
    private final Map<String, String> environment = new java.util.LinkedHashMap<>();
    private long pid = -1;
    private int mqttPort;
    private int adminPort;

    private Installation(String label, Path workDir, Path home) {
        this.label = label;
        this.workDir = workDir;
        this.home = home;
    }

    /**
     * Unpacks the tarball into a new temporary folder and writes the settings every durability
     * test shares (short retry and restart delays, quick plugin scans) plus {@code settings}.
     */
    static Installation unpack(String label, Map<String, String> settings) throws Exception {
        Path tarball = Path.of(System.getProperty("dist.tarball"));
        assertThat(tarball).as("built by mvn package").isRegularFile();
        Path workDir = Files.createTempDirectory("tributary-" + label + "-");
        Path copy = Files.copy(tarball, workDir.resolve(tarball.getFileName()));
        Result untar = run(workDir, Map.of(), "tar", "xzf", copy.getFileName().toString());
        assertThat(untar.exitCode()).as(untar.output()).isZero();
        Files.delete(copy);
        Installation installation = new Installation(label, workDir, workDir.resolve(System.getProperty("dist.name")));
        StringBuilder conf = new StringBuilder("\n# durability IT: ").append(label).append('\n');
        Map<String, String> common = Map.ofEntries(
                Map.entry("node.id", label),
                Map.entry("mqtt.bind", "127.0.0.1"), Map.entry("mqtt.port", "0"), Map.entry("mqtt.ws.port", "-1"),
                Map.entry("admin.bind", "127.0.0.1"), Map.entry("admin.port", "0"),
                Map.entry("admin.password", PASSWORD),
                Map.entry("plugins.watch-interval-ms", "500"),
                Map.entry("integration.retry-initial-ms", "200"), Map.entry("integration.retry-max-ms", "2000"),
                Map.entry("integration.restart-initial-seconds", "1"),
                Map.entry("integration.restart-max-seconds", "4"),
                Map.entry("shutdown.drain-seconds", "5"));
        common.forEach((k, v) -> {
            if (!settings.containsKey(k)) {
                conf.append(k).append('=').append(v).append('\n');
            }
        });
        settings.forEach((k, v) -> conf.append(k).append('=').append(v).append('\n'));
        Files.writeString(installation.home.resolve("conf/tributary.properties"), conf, StandardOpenOption.APPEND);
        return installation;
    }

    /** JVM options of the next starts (default {@code -Xmx256m}). */
    Installation javaOpts(String options) {
        this.javaOpts = options;
        return this;
    }

    /** An environment variable of the next starts (e.g. TRIBUTARY_LOG_LEVEL). */
    Installation env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Starts the platform as a daemon and waits until it logged "ready in" and its ports. */
    void start() throws Exception {
        Path log = log();
        long before = Files.exists(log) ? Files.size(log) : 0;
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("JAVA_OPTS", javaOpts);
        env.put("TRIBUTARY_CDS", "off");
        Result started = run(workDir, env, home.resolve("bin/tributary").toString(), "start", "--daemon");
        assertThat(started.exitCode()).as(started.output()).isZero();
        pid = Long.parseLong(Files.readString(home.resolve("data/tributary.pid")).trim());
        long deadline = System.nanoTime() + STARTUP.toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            text = logSince(before);
            if (text.contains(" ready in ")) {
                break;
            }
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("platform process alive while starting; log:%n%s", text).isTrue();
            Thread.sleep(200);
        }
        assertThat(text).as("started within %s", STARTUP).contains(" ready in ");
        // an executor-only node of a cluster opens no MQTT listener
        mqttPort = text.contains("node.roles=executor: no MQTT listeners") ? -1 : port(text, MQTT);
        adminPort = port(text, ADMIN);
    }

    /** SIGKILL to the platform's java process; returns once it is gone. */
    void kill9() throws Exception {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        assertThat(process.destroyForcibly()).as("SIGKILL sent to %s", pid).isTrue();
        process.onExit().get(30, TimeUnit.SECONDS);
        pid = -1;
    }

    /** {@code bin/tributary stop}: SIGTERM and wait for the clean stop. */
    Result stop() throws Exception {
        Result stopped = run(workDir, Map.of(), home.resolve("bin/tributary").toString(), "stop");
        assertThat(stopped.exitCode()).as(stopped.output()).isZero();
        assertThat(stopped.output()).contains("Tributary stopped");
        pid = -1;
        return stopped;
    }

    boolean running() {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    long pid() {
        return pid;
    }

    int mqttPort() {
        return mqttPort;
    }

    AdminApi admin() {
        return new AdminApi(adminPort, PASSWORD);
    }

    Path home() {
        return home;
    }

    Path log() {
        return home.resolve("data/logs/tributary.log");
    }

    String logText() throws IOException {
        return Files.exists(log()) ? Files.readString(log()) : "";
    }

    /** The folder of an integration's durable log. */
    Path integrationLog(String integrationId) {
        return home.resolve("data/integrations").resolve(integrationId);
    }

    /** Bytes of every file in an integration's log folder now (0 when it does not exist). */
    long integrationLogBytes(String integrationId) throws IOException {
        Path dir = integrationLog(integrationId);
        long total = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                try {
                    total += Files.size(p);
                } catch (java.nio.file.NoSuchFileException e) {
                    // reclaimed while listing
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
        return total;
    }

    /** Segment files of an integration's log, oldest first. */
    List<Path> segments(String integrationId) throws IOException {
        try (Stream<Path> files = Files.list(integrationLog(integrationId))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    /** Lines of the platform log at ERROR level, or with a stack trace's first line. */
    List<String> errorLines() throws IOException {
        List<String> errors = new ArrayList<>();
        for (String line : logText().lines().toList()) {
            if (line.contains(" ERROR ")) {
                errors.add(line);
            }
        }
        return errors;
    }

    @Override
    public void close() throws Exception {
        try {
            if (running()) {
                kill9();
            }
            if (Files.exists(log())) {
                Path keep = Path.of("target", "durability-logs");
                Files.createDirectories(keep);
                Files.copy(log(), keep.resolve(label + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private String logSince(long offset) throws IOException {
        if (!Files.exists(log())) {
            return "";
        }
        byte[] all = Files.readAllBytes(log());
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }

    private static int port(String log, Pattern pattern) {
        // a JSON log (log.format=json) writes "/" as "\/"
        Matcher m = pattern.matcher(log.replace("\\/", "/"));
        assertThat(m.find()).as("'%s' in the log:%n%s", pattern, log).isTrue();
        return Integer.parseInt(m.group(1));
    }

    record Result(int exitCode, String output) {
    }

    /** Runs a command in {@code dir} without the build's TRIBUTARY_ variables, with {@code env} added. */
    static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("TRIBUTARY_") || k.equals("JAVA_OPTS"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
        return new Result(p.exitValue(), output);
    }
}
