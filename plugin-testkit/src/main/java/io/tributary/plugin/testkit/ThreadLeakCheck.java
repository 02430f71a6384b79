package io.tributary.plugin.testkit;

import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.host.InstalledType;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * No thread started by an integration outlives its {@code stop}: threads are listed before
 * {@code create}, the integration is created, started, given messages and stopped, and every new
 * thread must end within a grace period. The JVM's shared threads that any code may start on
 * first use (common pool workers, the CompletableFuture delay scheduler, process reaper...) are
 * ignored — unless they carry the plugin's class loader as context loader, which pins it forever.
 */
final class ThreadLeakCheck {
    /** Shared JVM threads, started lazily by the JDK on behalf of whoever comes first. */
    private static final Pattern JVM_THREADS = Pattern.compile(
            "CompletableFutureDelayScheduler|process reaper|Attach Listener|Common-Cleaner|Signal Dispatcher"
                    + "|Reference Handler|Finalizer|Notification Thread|JFR .*|Keep-Alive-Timer|Keep-Alive-SocketCleaner"
                    + "|InnocuousThread-.*|DestroyJavaVM");

    private ThreadLeakCheck() {
    }

    static void assertNoLeak(InstalledType type, Config config, Map<String, String> metadata, PluginCalls calls,
                             Duration timeout, List<IntegrationMessage> messages, Duration grace,
                             List<Pattern> ignored) {
        ClassLoader loader = type.classLoader();
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        IntegrationInstance instance = IntegrationInstance.create(type, config, metadata, calls, timeout);
        instance.start();
        for (IntegrationMessage m : messages) {
            CompletableFuture<Void> stage = instance.process(m);
            try {
                stage.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // outcome does not matter here: threads do (assertProcessCompletes checks outcomes)
            }
        }
        try {
            instance.stop();
        } catch (Exception | LinkageError e) {
            throw new AssertionError(type.type() + ": stop() threw " + e, e);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        List<Thread> leaked = leaked(before, calls.ownThreads(), loader, ignored);
        while (!leaked.isEmpty() && System.nanoTime() < deadline) {
            System.gc(); // some clients' threads end once the client is unreachable (JDK HttpClient)
            sleep();
            leaked = leaked(before, calls.ownThreads(), loader, ignored);
        }
        if (!leaked.isEmpty()) {
            throw new AssertionError(type.type() + ": " + leaked.size() + " thread(s) started by the integration "
                    + "still run " + grace.toMillis() + " ms after stop() returned:\n"
                    + leaked.stream().map(t -> describe(t, loader)).collect(Collectors.joining("\n"))
                    + "\nstop() must shut down every executor, timer and client it created (and wait for them).");
        }
    }

    /**
     * Alive threads that are new since {@code before}, not the kit's and not ignored; JVM shared
     * threads are ignored only while they do not carry the plugin's loader.
     */
    static List<Thread> leaked(Set<Thread> before, Set<Thread> kit, ClassLoader loader, List<Pattern> ignored) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> !before.contains(t) && !kit.contains(t))
                .filter(t -> !matches(ignored, t))
                .filter(t -> !isJvmThread(t) || t.getContextClassLoader() == loader)
                .toList();
    }

    private static boolean isJvmThread(Thread t) {
        return t instanceof ForkJoinWorkerThread w && w.getPool() == ForkJoinPool.commonPool()
                || JVM_THREADS.matcher(t.getName()).matches();
    }

    private static boolean matches(List<Pattern> ignored, Thread t) {
        return ignored.stream().anyMatch(p -> p.matcher(t.getName()).matches());
    }

    static String describe(Thread t, ClassLoader loader) {
        String stack = Arrays.stream(t.getStackTrace()).limit(8).map(f -> "\n      at " + f)
                .collect(Collectors.joining());
        return "  - \"" + t.getName() + "\" " + t.getState() + (t.isDaemon() ? " daemon" : "")
                + (t.getContextClassLoader() == loader ? " (context class loader: the plugin's)" : "") + stack;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for threads to end", e);
        }
    }
}
