package io.tributary.plugin.host;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.Integration;
import io.tributary.plugin.api.runtime.StartInput;
import io.tributary.plugin.api.runtime.StartOutput;
import io.tributary.plugin.api.runtime.StopInput;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The isolated handle on one running {@link Integration} a plugin created: like
 * {@link InstalledType}, every call sets the plugin's class loader and names the plugin in its
 * errors; {@code start} and {@code stop} take a time limit. {@link #process} is the hot path: it
 * runs on the caller's (delivery) thread, allocates nothing of its own and takes no lock.
 */
public final class IsolatedIntegration {
    private final InstalledType type;
    private final Integration integration;
    private final ClassLoader loader;

    IsolatedIntegration(InstalledType type, Integration integration, ClassLoader loader) {
        this.type = type;
        this.integration = integration;
        this.loader = loader;
    }

    /** The type that created it. */
    public InstalledType type() {
        return type;
    }

    /** @throws PluginCallException when it throws or does not return within {@code timeout} */
    public void start(StartInput in, StartOutput out, Duration timeout) {
        PluginCalls.timed(type, "start()", timeout, () -> {
            start(in, out);
            return null;
        });
    }

    /** {@link #start(StartInput, StartOutput, Duration)} on the caller's thread, without a time limit. */
    public void start(StartInput in, StartOutput out) {
        try (LoaderSwap swap = LoaderSwap.to(loader)) {
            integration.start(in, out);
        } catch (Exception | LinkageError e) {
            throw PluginCallException.threw(type, "start()", e);
        }
    }

    /** @throws PluginCallException when it throws or does not return within {@code timeout} */
    public void stop(StopInput in, Duration timeout) {
        PluginCalls.timed(type, "stop()", timeout, () -> {
            stop(in);
            return null;
        });
    }

    /** {@link #stop(StopInput, Duration)} on the caller's thread, without a time limit. */
    public void stop(StopInput in) {
        try (LoaderSwap swap = LoaderSwap.to(loader)) {
            integration.stop(in);
        } catch (Exception | LinkageError e) {
            throw PluginCallException.threw(type, "stop()", e);
        }
    }

    /**
     * Hands one message to the plugin. Never throws: what the plugin throws, and a {@code null}
     * stage, become a failed stage; the failure is the plugin's own exception (so that
     * {@code PermanentFailure} keeps its meaning), not a {@link PluginCallException}.
     */
    public CompletionStage<Void> process(IntegrationMessage message) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            CompletionStage<Void> stage = integration.process(message);
            return stage != null ? stage
                    : CompletableFuture.failedFuture(PluginCallException.invalid(type, "process()", "returned null"));
        } catch (RuntimeException | LinkageError e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public String toString() {
        return "integration of " + type;
    }
}
