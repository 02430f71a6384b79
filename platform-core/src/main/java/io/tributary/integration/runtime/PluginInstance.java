package io.tributary.integration.runtime;

import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.runtime.CreateInput;
import io.tributary.plugin.api.runtime.Integration;
import io.tributary.plugin.api.runtime.IntegrationContext;
import io.tributary.plugin.api.runtime.StartInput;
import io.tributary.plugin.api.runtime.StartOutput;
import io.tributary.plugin.api.runtime.StopInput;
import io.tributary.plugin.host.ContextClassLoader;
import io.tributary.plugin.host.InstalledType;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One created plugin {@link Integration}: start and stop run on a lifecycle thread with a
 * timeout and the plugin's class loader as context loader, so a plugin that throws or hangs
 * there only fails its own integration.
 */
final class PluginInstance {
    private final Integration integration;
    private final ClassLoader loader;
    private final PluginContext context;
    private final ExecutorService lifecycle;
    private volatile int requestedMaxInFlight;

    private PluginInstance(Integration integration, ClassLoader loader, PluginContext context,
                           ExecutorService lifecycle) {
        this.integration = integration;
        this.loader = loader;
        this.context = context;
        this.lifecycle = lifecycle;
    }

    static PluginInstance create(InstalledType type, Config config, PluginContext context,
                                 ExecutorService lifecycle) throws Exception {
        CreateInput input = new CreateInput() {
            @Override
            public Config config() {
                return config;
            }

            @Override
            public IntegrationContext context() {
                return context;
            }
        };
        Integration created = ContextClassLoader.call(type.classLoader(), () -> type.plugin().create(input));
        if (created == null) {
            throw new IllegalStateException("Plugin " + type.type() + " created no integration");
        }
        return new PluginInstance(created, type.classLoader(), context, lifecycle);
    }

    Integration integration() {
        return integration;
    }

    /** The in-flight window the plugin asked for when it started, or 0 for the platform's. */
    int requestedMaxInFlight() {
        return requestedMaxInFlight;
    }

    ClassLoader loader() {
        return loader;
    }

    PluginContext context() {
        return context;
    }

    /**
     * Starts the plugin.
     *
     * @return {@code null} when started, else the reason it did not
     */
    String start(Duration timeout) {
        String[] prevented = new String[1];
        StartInput in = () -> context;
        StartOutput out = new StartOutput() {
            @Override
            public void preventStart(String reason) {
                prevented[0] = reason == null || reason.isBlank() ? "start prevented" : reason;
            }

            @Override
            public void maxInFlight(int messages) {
                if (messages > 0) {
                    requestedMaxInFlight = messages;
                }
            }
        };
        Future<?> f = lifecycle.submit(() -> ContextClassLoader.call(loader, () -> {
            integration.start(in, out);
            return null;
        }));
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return "start() did not return within " + timeout.toSeconds() + " s";
        } catch (ExecutionException e) {
            return PluginContext.describe("start() failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while starting";
        }
        return prevented[0];
    }

    /** Stops the plugin; returns an error text or {@code null}. */
    String stop(Duration timeout) {
        StopInput in = () -> timeout;
        Future<?> f = lifecycle.submit(() -> ContextClassLoader.call(loader, () -> {
            integration.stop(in);
            return null;
        }));
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            f.cancel(true);
            return "stop() did not return within " + timeout.toSeconds() + " s";
        } catch (ExecutionException e) {
            return PluginContext.describe("stop() failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while stopping";
        }
    }
}
