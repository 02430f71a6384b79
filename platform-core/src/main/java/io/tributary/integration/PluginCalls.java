package io.tributary.integration;

import java.util.function.Supplier;

/** Runs plugin code with the plugin's class loader as the thread context class loader (PF4J never sets it). */
final class PluginCalls {
    private PluginCalls() {
    }

    static <T> T withLoader(ClassLoader loader, Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
