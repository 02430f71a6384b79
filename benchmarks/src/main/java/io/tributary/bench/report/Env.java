package io.tributary.bench.report;

import io.tributary.bench.proc.MosquittoProcess;
import io.tributary.bench.proc.Procs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine a run happened on, recorded next to its figures. */
public final class Env {
    private Env() {
    }

    /** The 1, 5 and 15 minute load averages ({@code uptime}); other work on the machine skews figures. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    public static Map<String, Object> describe(Path repoRoot) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memoryMiB", memMiB());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + osRelease());
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("mosquitto", MosquittoProcess.version());
        m.put("kafka", org.apache.kafka.common.utils.AppInfoParser.getVersion());
        m.put("hivemqClient", "1.4.2");
        m.put("gitCommit", git(repoRoot));
        m.put("loadAverageAtStart", loadAverage());
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static long memMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return -1;
    }

    private static String osRelease() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return "(" + line.substring(12).replace("\"", "") + ")";
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return "";
    }

    private static String git(Path root) {
        try {
            String out = Procs.run(List.of("git", "-C", root.toString(), "rev-parse", "--short", "HEAD")).trim();
            String dirty = Procs.run(List.of("git", "-C", root.toString(), "status", "--porcelain")).isBlank() ? "" : "+dirty";
            return out.contains(" ") ? "unknown" : out + dirty;
        } catch (Exception e) {
            return "unknown";
        }
    }
}
