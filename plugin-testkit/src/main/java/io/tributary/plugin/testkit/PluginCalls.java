package io.tributary.plugin.testkit;

import io.tributary.plugin.host.PluginCallException;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Calls plugin code the way the platform does — through the host's isolated handle
 * ({@link io.tributary.plugin.host.InstalledType}), which sets the plugin's class loader — on a
 * separate kit thread with a time limit, so a plugin that hangs fails the check instead of the
 * test run. The kit watches its own thread (to print the stuck plugin's stack) and unwraps the
 * handle's {@link PluginCallException} so checks report the plugin's own exception.
 */
final class PluginCalls implements AutoCloseable {
    private final Set<Thread> ownThreads = ConcurrentHashMap.newKeySet();
    private ExecutorService executor = newExecutor();
    private volatile Thread current;

    /**
     * Runs {@code action}; an exception or error thrown by the plugin passes through unchanged
     * (unwrapped from the handle's {@link PluginCallException}).
     *
     * @throws AssertionError when the call does not return within {@code timeout} (with the
     *                        plugin's stack at that moment)
     */
    <T> T call(String what, Duration timeout, Callable<T> action) throws Exception {
        Future<T> future = executor.submit(action);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Thread stuck = current;
            String stack = stuck == null ? "" : "\n  at " + Arrays.stream(stuck.getStackTrace()).limit(12)
                    .map(String::valueOf).collect(Collectors.joining("\n  at "));
            future.cancel(true);
            // the stuck thread may never come back: later calls get a fresh one
            executor.shutdownNow();
            executor = newExecutor();
            throw new AssertionError(what + " did not return within " + timeout.toMillis() + " ms" + stack);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PluginCallException call && call.getCause() != null) {
                cause = call.getCause();
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw (Exception) cause;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    /** Threads the kit itself created: never counted as the plugin's. */
    Set<Thread> ownThreads() {
        return Set.copyOf(ownThreads);
    }

    private ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                current = Thread.currentThread();
                r.run();
            }, "plugin-testkit-caller");
            t.setDaemon(true);
            // created before any plugin call: the thread inherits the kit's loader, not the plugin's
            t.setContextClassLoader(PluginCalls.class.getClassLoader());
            ownThreads.add(t);
            return t;
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
