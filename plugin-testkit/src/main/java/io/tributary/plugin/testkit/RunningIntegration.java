package io.tributary.plugin.testkit;

import io.tributary.plugin.api.message.IntegrationMessage;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An integration of the plugin under test, loaded from its zip by a real plugin host, created
 * from a validated configuration and started — for tests of your own that go beyond the kit's
 * checks (e.g. "the record that reached my test server looks like this"). Close it to stop the
 * integration and unload the plugin.
 *
 * <pre>{@code
 * try (RunningIntegration it = kit.start(Map.of("url", server.url()))) {
 *     assertThat(it.processAndWait(message, Duration.ofSeconds(5)).succeeded()).isTrue();
 *     assertThat(it.events().errors()).isEmpty();
 * }
 * }</pre>
 */
public final class RunningIntegration implements AutoCloseable {
    private final LoadedPlugin plugin;
    private final PluginCalls calls;
    private final IntegrationInstance instance;
    private boolean closed;

    RunningIntegration(LoadedPlugin plugin, PluginCalls calls, IntegrationInstance instance) {
        this.plugin = plugin;
        this.calls = calls;
        this.instance = instance;
    }

    /** The integration id in its context (a UUID). */
    public String integrationId() {
        return instance.context().integrationId();
    }

    /** Errors and connectivity it reported so far. */
    public RecordedEvents events() {
        return instance.context().recorded();
    }

    /**
     * What a source integration published into the (recording) broker; set its mode to hold or
     * refuse publishes.
     *
     * @since 0.2
     */
    public RecordingPublisher published() {
        return instance.context().published();
    }

    /** The plugin's class loader, e.g. to load one of its classes by name. */
    public ClassLoader classLoader() {
        return plugin.type().classLoader();
    }

    /** Calls {@code process} as the platform does; a throw becomes a failed future. */
    public CompletableFuture<Void> process(IntegrationMessage message) {
        return instance.process(message);
    }

    /** Calls {@code process} and waits for the outcome; fails when it does not complete within {@code bound}. */
    public ProcessResult processAndWait(IntegrationMessage message, Duration bound) {
        long start = System.nanoTime();
        try {
            process(message).get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return ProcessResult.of(message, null, start);
        } catch (ExecutionException e) {
            return ProcessResult.of(message, e.getCause(), start);
        } catch (TimeoutException e) {
            throw new AssertionError("process() did not complete within " + bound.toMillis() + " ms for " + message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for process()", e);
        }
    }

    /** Stops the integration (failing when stop throws) and unloads the plugin. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            instance.stop();
        } catch (Exception | LinkageError e) {
            throw new AssertionError("stop() threw " + e, e);
        } finally {
            instance.forget();
            calls.close();
            plugin.close();
        }
    }
}
