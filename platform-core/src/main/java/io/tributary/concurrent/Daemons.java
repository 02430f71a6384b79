package io.tributary.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Named daemon threads for the platform's background work (timers, writers, pollers): named so a
 * thread dump or {@code /proc} says whose they are, daemons so they never keep the JVM alive
 * after shutdown.
 */
public final class Daemons {
    private Daemons() {
    }

    /** Makes daemon threads, each called {@code name}. */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** One daemon thread that runs scheduled tasks. */
    public static ScheduledExecutorService timer(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }

    /** One daemon thread that runs tasks in order. */
    public static ExecutorService worker(String name) {
        return Executors.newSingleThreadExecutor(named(name));
    }
}
