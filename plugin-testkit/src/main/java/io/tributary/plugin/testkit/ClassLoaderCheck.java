package io.tributary.plugin.testkit;

import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.host.InstalledType;
import org.awaitility.core.ConditionTimeoutException;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * After {@code create}, {@code start}, {@code process} and {@code stop}, unloading the plugin
 * frees its class loader: nothing the plugin left behind (a thread, a static in a shared class, a
 * JDK registry entry, a ThreadLocal on a platform thread) still references it. Otherwise every
 * upgrade or removal of the plugin leaks all its classes.
 */
final class ClassLoaderCheck {
    private ClassLoaderCheck() {
    }

    /**
     * @param configFor validates the kit's configuration against the freshly loaded type
     */
    static void assertReleased(Path zip, String typeId, Function<InstalledType, Config> configFor,
                               Map<String, String> metadata, PluginCalls calls, Duration timeout,
                               List<IntegrationMessage> messages, Duration within) {
        LoadedPlugin plugin = LoadedPlugin.load(zip, typeId);
        try {
            String name = plugin.type().type();
            WeakReference<ClassLoader> loader = exercise(plugin, configFor, metadata, calls, timeout, messages);
            plugin.unload();
            try {
                // polled on this thread: Awaitility's own poller thread would show up as a leak elsewhere
                await().pollInSameThread().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
                    System.gc();
                    return loader.get() == null;
                });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(name + ": the plugin's class loader was not freed within " + within.toMillis()
                        + " ms of unloading it." + holders(loader.get())
                        + "\nCommon causes: a thread or timer still running, a ThreadLocal set on a thread the plugin "
                        + "does not own, a static in a class shared with the host, a JDK registry (JDBC DriverManager, "
                        + "shutdown hooks, MBeans, java.beans.Introspector, URLStreamHandlerFactory).");
            }
        } finally {
            plugin.close();
        }
    }

    /** Runs one integration through its life; returns only a weak reference so nothing here pins the loader. */
    private static WeakReference<ClassLoader> exercise(LoadedPlugin plugin, Function<InstalledType, Config> configFor,
                                                       Map<String, String> metadata, PluginCalls calls,
                                                       Duration timeout, List<IntegrationMessage> messages) {
        InstalledType type = plugin.type();
        IntegrationInstance instance = IntegrationInstance.create(type, configFor.apply(type), metadata, calls, timeout);
        instance.start();
        for (IntegrationMessage m : messages) {
            try {
                instance.process(m).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // outcomes are checked by assertProcessCompletes
            }
        }
        try {
            instance.stop();
        } catch (Exception | LinkageError e) {
            throw new AssertionError(type.type() + ": stop() threw " + e, e);
        }
        instance.forget();
        return new WeakReference<>(type.classLoader());
    }

    private static String holders(ClassLoader loader) {
        if (loader == null) {
            return "";
        }
        String threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getContextClassLoader() == loader || t.getClass().getClassLoader() == loader)
                .map(t -> ThreadLeakCheck.describe(t, loader))
                .collect(Collectors.joining("\n"));
        return threads.isEmpty() ? "" : "\nThreads still holding it:\n" + threads;
    }
}
