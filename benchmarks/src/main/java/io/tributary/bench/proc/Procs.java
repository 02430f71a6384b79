package io.tributary.bench.proc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers for the processes the harness starts: ports, waiting, memory of a process. */
public final class Procs {
    private Procs() {
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean portOpen(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until the port accepts connections; fails early when the process died. */
    public static void awaitPort(String host, int port, Process process, Duration timeout, Path log)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (portOpen(host, port)) {
                return;
            }
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue() + "; see " + log
                        + "\n" + tail(log, 30));
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("port " + port + " not open after " + timeout + "; see " + log + "\n" + tail(log, 30));
    }

    /** Waits for a line matching {@code pattern} in a log file; returns the match. */
    public static Matcher awaitLog(Path log, Pattern pattern, Process process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(log)) {
                    for (String line : Files.readAllLines(log)) {
                        Matcher m = pattern.matcher(line);
                        if (m.find()) {
                            return m;
                        }
                    }
                }
            } catch (IOException | java.io.UncheckedIOException ignored) {
                // being written: retry
            }
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue() + "\n" + tail(log, 30));
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no '" + pattern + "' in " + log + " after " + timeout + "\n" + tail(log, 30));
    }

    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (Exception e) {
            return "";
        }
    }

    /** Resident set size of a process in KiB (Linux), or -1. */
    public static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return -1;
    }

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");

    /** Java heap in use after a full GC, in KiB ({@code jcmd GC.run} then {@code GC.heap_info}). */
    public static long heapAfterGcKiB(long pid) throws IOException, InterruptedException {
        run(List.of(jcmd(), String.valueOf(pid), "GC.run"));
        Thread.sleep(300);
        run(List.of(jcmd(), String.valueOf(pid), "GC.run"));
        String info = run(List.of(jcmd(), String.valueOf(pid), "GC.heap_info"));
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("cannot read heap from jcmd GC.heap_info:\n" + info);
        }
        return Long.parseLong(m.group(1));
    }

    public static String jcmd() {
        Path j = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(j) ? j.toString() : "jcmd";
    }

    public static String java() {
        Path j = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(j) ? j.toString() : "java";
    }

    public static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    /** Stops a process politely (SIGTERM), then forcibly. */
    public static void stop(Process p, Duration grace) {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static List<String> split(String flags) {
        List<String> out = new ArrayList<>();
        for (String f : flags.trim().split("\\s+")) {
            if (!f.isEmpty()) {
                out.add(f);
            }
        }
        return out;
    }
}
