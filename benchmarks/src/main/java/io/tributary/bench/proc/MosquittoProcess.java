package io.tributary.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Mosquitto (the Debian package) on a free port, persistence off, same queue limits as Tributary. */
public final class MosquittoProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final String version;
    private final Path log;

    private MosquittoProcess(Process process, int port, String version, Path log) {
        this.process = process;
        this.port = port;
        this.version = version;
        this.log = log;
    }

    /** Mosquitto's own log (notices such as "Outgoing messages are being dropped for client ..."). */
    public Path log() {
        return log;
    }

    public static Path binary() {
        for (String p : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    /** The binary, installing the Debian package when it is missing and we are root; null when unavailable. */
    public static Path ensureInstalled() {
        Path b = binary();
        if (b == null && "root".equals(System.getProperty("user.name"))) {
            System.err.println("mosquitto not found: apt-get install -y mosquitto");
            try {
                new ProcessBuilder("apt-get", "install", "-y", "mosquitto").inheritIO().start().waitFor();
            } catch (IOException | InterruptedException e) {
                // reported below
            }
            b = binary();
        }
        return b;
    }

    public static String version() {
        Path b = binary();
        if (b == null) {
            return "not installed";
        }
        try {
            String out = Procs.run(List.of("dpkg-query", "-W", "-f=${Version}", "mosquitto"));
            return out.isBlank() ? "unknown" : out.trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    public static MosquittoProcess start(Path work, int maxInflight, int maxQueued) throws IOException, InterruptedException {
        return start(work, List.of("persistence false", "max_inflight_messages " + maxInflight,
                "max_queued_messages " + maxQueued, "set_tcp_nodelay true"));
    }

    /**
     * Mosquitto with its defaults: only the listener, anonymous access and logging are configured
     * (max_inflight_messages 20, max_queued_messages 1000, persistence off, Nagle on).
     */
    public static MosquittoProcess startWithDefaults(Path work) throws IOException, InterruptedException {
        return start(work, List.of());
    }

    private static MosquittoProcess start(Path work, List<String> settings) throws IOException, InterruptedException {
        Path bin = ensureInstalled();
        if (bin == null) {
            throw new IllegalStateException("mosquitto is not installed (apt-get install -y mosquitto)");
        }
        Files.createDirectories(work);
        int port = Procs.freePort();
        Path conf = work.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                String.join("\n", settings),
                "log_dest stdout",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "connection_messages true",
                ""));
        Path log = work.resolve("mosquitto.log");
        Process p = new ProcessBuilder(bin.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Procs.awaitPort("127.0.0.1", port, p, Duration.ofSeconds(10), log);
        return new MosquittoProcess(p, port, version(), log);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String versionString() {
        return version;
    }

    @Override
    public void close() {
        Procs.stop(process, Duration.ofSeconds(5));
    }
}
