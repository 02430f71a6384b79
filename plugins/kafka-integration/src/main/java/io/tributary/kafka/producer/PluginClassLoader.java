package io.tributary.kafka.producer;

import java.util.function.Supplier;

/**
 * Runs code with this plugin's class loader as the thread context class loader. Kafka looks up
 * SASL login modules, compression codecs and configured classes through the context loader, and
 * the threads a client starts inherit it. The platform sets it around plugin calls too; doing it
 * here keeps the plugin correct when called from anywhere else.
 */
public final class PluginClassLoader {
    private static final ClassLoader LOADER = PluginClassLoader.class.getClassLoader();

    private PluginClassLoader() {
    }

    public static void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    public static <T> T call(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(LOADER);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
