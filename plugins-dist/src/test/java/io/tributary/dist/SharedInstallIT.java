package io.tributary.dist;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two platforms from one unpacked distribution, each with its own data dir: both start, run at
 * once on their own ports, report their own status and stop, with pid, log and class-data
 * archive in their own data dir (or the --state-dir given) and nothing written into the install
 * folder, which may therefore be read-only.
 */
class SharedInstallIT {
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static Path workDir;
    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Path.of(System.getProperty("dist.tarball"));
        workDir = Files.createTempDirectory("tributary-shared-install-it-");
        Path copy = Files.copy(tarball, workDir.resolve(tarball.getFileName()));
        assertThat(run("tar", "xzf", copy.toString(), "-C", workDir.toString()).exitCode()).isZero();
        Files.delete(copy);
        home = workDir.resolve(System.getProperty("dist.name"));
    }

    @AfterAll
    static void clean() throws Exception {
        for (String name : List.of("a", "b")) {
            Path pid = workDir.resolve(name.equals("a") ? "a/tributary.pid" : "b-state/tributary.pid");
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void twoInstancesWithTheirOwnDataDirsShareOneInstallWithoutWritingToIt() throws Exception {
        Map<String, String> installBefore = snapshot(home);
        Path dataA = workDir.resolve("a");
        Path dataB = workDir.resolve("b");
        Path stateB = workDir.resolve("b-state");
        String bin = home.resolve("bin/tributary").toString();
        List<String> common = List.of("--mqtt.bind=127.0.0.1", "--mqtt.port=0", "--mqtt.ws.port=-1",
                "--admin.bind=127.0.0.1", "--admin.port=0", "--admin.password=shared-install-secret");

        Result a = run(args(List.of(bin, "start", "--daemon", "--node.id=a", "--data.dir=" + dataA), common));
        Result b = run(args(List.of(bin, "start", "--daemon", "--node.id=b", "--data.dir", dataB.toString(),
                "--state-dir=" + stateB), common));
        assertThat(a.exitCode()).as(a.output()).isZero();
        assertThat(b.exitCode()).as("the second instance is not refused as 'already running': %s", b.output()).isZero();

        Path logA = dataA.resolve("logs/tributary.log");
        Path logB = stateB.resolve("logs/tributary.log");
        for (Path log : List.of(logA, logB)) {
            await().atMost(STARTUP).pollInterval(Duration.ofMillis(500))
                    .until(() -> Files.exists(log) && Files.readString(log).contains("ready in"));
        }
        assertThat(mqttPort(logA)).isNotEqualTo(mqttPort(logB));
        long pidA = pid(dataA.resolve("tributary.pid"));
        long pidB = pid(stateB.resolve("tributary.pid"));
        assertThat(pidA).isNotEqualTo(pidB);
        assertThat(dataA.resolve("tributary.db")).isRegularFile();
        assertThat(dataB.resolve("tributary.db")).as("data of b in its data dir").isRegularFile();
        assertThat(dataB.resolve("tributary.pid")).as("b's run state is in its --state-dir").doesNotExist();

        Result statusA = run(bin, "status", "--data.dir=" + dataA);
        assertThat(statusA.exitCode()).as(statusA.output()).isZero();
        assertThat(statusA.output()).contains("pid " + pidA);
        assertThat(run(bin, "status", "--state-dir=" + stateB).output()).contains("pid " + pidB);
        assertThat(run(bin, "status").exitCode()).as("nothing runs with the install's own data dir").isEqualTo(3);

        Result stopA = run(bin, "stop", "--data.dir=" + dataA);
        assertThat(stopA.output()).as("stopping a leaves b running").contains("Tributary stopped");
        assertThat(ProcessHandle.of(pidB).map(ProcessHandle::isAlive)).contains(true);
        Result stopB = run(bin, "stop", "--state-dir", stateB.toString());
        assertThat(stopB.output()).contains("Tributary stopped");
        assertThat(ProcessHandle.of(pidA).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(ProcessHandle.of(pidB).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        assertThat(jsa(dataA.resolve("cds"))).as("class-data archive written by a's clean stop").hasSize(1);
        assertThat(jsa(stateB.resolve("cds"))).as("class-data archive written by b's clean stop").hasSize(1);
        assertThat(snapshot(home)).as("nothing written into the install folder").isEqualTo(installBefore);
    }

    private static List<String> args(List<String> head, List<String> tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        return all;
    }

    private static long pid(Path file) throws IOException {
        assertThat(file).isRegularFile();
        return Long.parseLong(Files.readString(file).trim());
    }

    private static int mqttPort(Path log) throws IOException {
        Matcher m = Pattern.compile("MQTT listening on tcp://127\\.0\\.0\\.1:(\\d+)").matcher(Files.readString(log));
        assertThat(m.find()).as("MQTT port in %s", log).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static List<Path> jsa(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jsa")).toList();
        }
    }

    /** Every path under {@code dir} with its size and modification time. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                files.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... command) throws Exception {
        return run(List.of(command));
    }

    /** Runs a command from the work folder without any TRIBUTARY_ variable of the build's environment. */
    private static Result run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("TRIBUTARY_"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
        return new Result(p.exitValue(), output);
    }
}
