package io.tributary.plugin.host;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Runs code with a given thread context class loader and restores the previous one afterwards.
 * PF4J never sets it, yet libraries inside plugins (Kafka serializers, JAAS login modules, codecs,
 * {@link java.util.ServiceLoader}) look classes up through it: wrap every call into plugin code.
 */
public final class ContextClassLoader {
    private ContextClassLoader() {
    }

    /** Calls {@code action} with {@code loader} as context class loader; exceptions pass through unchanged. */
    public static <T> T call(ClassLoader loader, Callable<T> action) throws Exception {
        Objects.requireNonNull(action, "action");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Like {@link #call} for code that throws no checked exception. */
    public static <T> T get(ClassLoader loader, Supplier<T> action) {
        Objects.requireNonNull(action, "action");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Runs {@code action} with {@code loader} as context class loader. */
    public static void run(ClassLoader loader, Runnable action) {
        Objects.requireNonNull(action, "action");
        get(loader, () -> {
            action.run();
            return null;
        });
    }
}
