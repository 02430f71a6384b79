package io.tributary.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fresh PostgreSQL server as a child process: {@code initdb} into a new directory, then
 * {@code postgres} on a free port of 127.0.0.1, trust authentication for the user {@code postgres}.
 * The binaries are the Debian package's ({@code /usr/lib/postgresql/<newest>/bin}, or
 * {@code --pg-bin}). PostgreSQL refuses to run as root, so as root both run as the package's
 * {@code postgres} user through {@code runuser}. {@code fsync=off}: the cluster's store holds
 * configuration, heartbeats and client claims, not messages, and its disk writes should not
 * compete with what is measured. The data directory is deleted on {@link #close}.
 */
public final class PostgresProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("database system is ready to accept connections");

    private final Process process;
    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asRoot;

    private PostgresProcess(Process process, Path bin, Path dir, int port, boolean asRoot) {
        this.process = process;
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asRoot = asRoot;
    }

    public static PostgresProcess start(Path bin, Path dir) throws IOException, InterruptedException {
        if (bin == null || !Files.isExecutable(bin.resolve("initdb"))) {
            throw new IllegalStateException("no PostgreSQL binaries at " + bin
                    + " (apt-get install postgresql, or --pg-bin DIR)");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Files.createDirectories(dir);
        if (root) {
            check(List.of("chown", "postgres", dir.toString()), dir.resolve("chown.log"));
        }
        Path data = dir.resolve("data");
        check(as(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--no-sync")), dir.resolve("initdb.log"));
        int port = Procs.freePort();
        Path log = dir.resolve("postgres.log");
        Process p = new ProcessBuilder(as(root, List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1",
                // TCP only: a socket path under a deep results dir passes the 107-byte limit
                "-c", "unix_socket_directories=",
                "-c", "fsync=off", "-c", "max_connections=200")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Procs.awaitLog(log, READY, p, Duration.ofSeconds(60));
            Procs.awaitPort("127.0.0.1", port, p, Duration.ofSeconds(10), log);
        } catch (RuntimeException | InterruptedException e) {
            Procs.stop(p, Duration.ofSeconds(5));
            throw e;
        }
        return new PostgresProcess(p, bin, dir, port, root);
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} with an {@code initdb}, or null. */
    public static Path packagedBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/initdb")))
                    .filter(d -> d.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparing(d -> Integer.parseInt(d.getFileName().toString())))
                    .map(d -> d.resolve("bin")).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** JDBC URL of the {@code postgres} database: the server is new, so it is empty. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    public int port() {
        return port;
    }

    /** The postmaster (its backends are child processes of their own). */
    public long pid() {
        return process.toHandle().descendants().findFirst().map(ProcessHandle::pid).orElse(process.pid());
    }

    /** Fast shutdown (disconnects the clients), then the directory goes. */
    @Override
    public void close() {
        try {
            check(as(asRoot, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-m", "fast", "-w", "-t", "30", "stop")), dir.resolve("pg_ctl-stop.log"));
        } catch (IOException | InterruptedException | RuntimeException e) {
            // stopped anyway below
        }
        Procs.stop(process, Duration.ofSeconds(10));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort
        }
    }

    private static List<String> as(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> c = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        c.addAll(command);
        return c;
    }

    private static void check(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Procs.tail(log, 20));
        }
    }
}
