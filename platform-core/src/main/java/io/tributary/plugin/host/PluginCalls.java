package io.tributary.plugin.host;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs plugin calls that may block (validate, check, start, stop) on threads of their own, with
 * a time limit. The pool grows with demand, so a plugin that never returns holds one thread and
 * nothing else: later calls, of this plugin or another, get fresh threads. Idle threads end
 * after a minute; all are daemons, so a stuck plugin never keeps the JVM alive.
 */
final class PluginCalls {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "plugin-call-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        // created from whatever thread first needed it: never inherit a plugin's loader
        t.setContextClassLoader(PluginCalls.class.getClassLoader());
        return t;
    });

    private PluginCalls() {
    }

    /**
     * Runs {@code action} (which swaps the loader itself) on a pool thread and waits up to
     * {@code timeout}. On timeout the thread is interrupted and abandoned.
     *
     * @throws PluginCallException when the call throws, times out or the caller is interrupted
     */
    static <T> T timed(InstalledType owner, String call, Duration timeout, Callable<T> action) {
        Future<T> future = POOL.submit(action);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw PluginCallException.timedOut(owner, call, format(timeout));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof PluginCallException translated) {
                throw translated;
            }
            throw PluginCallException.threw(owner, call, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw PluginCallException.invalid(owner, call, "was interrupted while waiting for the plugin");
        }
    }

    /** "15 s" for whole seconds, else "300 ms". */
    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 && ms > 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
