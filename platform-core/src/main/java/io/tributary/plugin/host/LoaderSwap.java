package io.tributary.plugin.host;

/**
 * Sets a plugin's class loader as the thread context class loader until {@link #close()}, which
 * restores the previous one. PF4J never sets it, yet libraries inside plugins (Kafka serializers,
 * JAAS login modules, codecs, {@link java.util.ServiceLoader}) look classes up through it. The
 * only place in the platform that swaps it: every call into plugin code goes through
 * {@link InstalledType} or {@link IsolatedIntegration}, which use this.
 */
final class LoaderSwap implements AutoCloseable {
    private final Thread thread;
    private final ClassLoader previous;

    private LoaderSwap(Thread thread, ClassLoader previous) {
        this.thread = thread;
        this.previous = previous;
    }

    static LoaderSwap to(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        return new LoaderSwap(thread, previous);
    }

    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
