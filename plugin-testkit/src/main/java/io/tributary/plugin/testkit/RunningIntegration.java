package io.tributary.plugin.testkit;

import io.tributary.plugin.api.IntegrationPlugin;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.host.InstalledType;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One started integration of the plugin under test, driven as the platform drives it (through
 * the host's isolated handle, every call on a watched kit thread with a time limit), for tests of
 * your own that go beyond the kit's checks (e.g. "the record that reached my test server looks
 * like this"). Close it to stop the integration (and unload the plugin).
 *
 * <p>Two ways to get one: {@link PluginTestKit#start(Map)} loads the plugin's zip with a real
 * plugin host (an {@code *IT} after {@code package}); {@link #start(IntegrationPlugin, Map, KitContext)}
 * runs a plugin object your unit test made, from the test class path (plain {@code mvn test}).
 *
 * <pre>{@code
 * try (RunningIntegration it = kit.start(Map.of("url", server.url()))) {
 *     assertThat(it.processAndWait(message, Duration.ofSeconds(5)).succeeded()).isTrue();
 *     assertThat(it.events().errors()).isEmpty();
 * }
 * KitContext ctx = new KitContext("HTTP", Map.of("site", "a")).named("HTTP integration");
 * try (RunningIntegration it = RunningIntegration.start(new HttpIntegrationPlugin(), Map.of("url", url), ctx)) {
 *     it.deliver(SampleMessages.temperature("tbmq/http-integration"), Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class RunningIntegration implements AutoCloseable {
    /** Limit on each call into a plugin object started with {@link #start(IntegrationPlugin, Map, KitContext)}. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final LoadedPlugin plugin;
    private final PluginCalls calls;
    private final IntegrationInstance instance;
    private final ClassLoader loader;
    private boolean stopped;
    private boolean closed;

    RunningIntegration(LoadedPlugin plugin, PluginCalls calls, IntegrationInstance instance) {
        this(plugin, calls, instance, plugin.type().classLoader());
    }

    private RunningIntegration(LoadedPlugin plugin, PluginCalls calls, IntegrationInstance instance,
                               ClassLoader loader) {
        this.plugin = plugin;
        this.calls = calls;
        this.instance = instance;
        this.loader = loader;
    }

    /**
     * Starts an integration of {@code plugin} — an object of your plugin class, made by the test
     * (e.g. with test timings), no zip and no plugin host — with {@code context}: {@code config}
     * is checked against the type's schema (defaults applied) and the plugin's {@code validate},
     * then {@code create} and {@code start} are called as the platform calls them, each within
     * 10 s, with the loader of the plugin's class as context class loader. Fails the test when
     * the configuration is invalid or the start is refused. Close the result.
     *
     * @param config values as in the REST API's {@code clientConfiguration} (absent fields take
     *               their defaults); a {@link Config} from elsewhere: {@code config.asMap()}
     * @since 0.2
     */
    public static RunningIntegration start(IntegrationPlugin plugin, Map<String, ?> config, KitContext context) {
        return start(plugin, config, context, CALL_TIMEOUT);
    }

    /**
     * {@link #start(IntegrationPlugin, Map, KitContext)} with another limit on each call than
     * 10 s: for a plugin whose {@code process} may block for a documented bound of its own (e.g.
     * a Kafka producer's {@code max.block.ms} while the cluster is down) in a test that provokes it.
     * Stop is told half of it.
     *
     * @since 0.2
     */
    public static RunningIntegration start(IntegrationPlugin plugin, Map<String, ?> config, KitContext context,
                                           Duration callTimeout) {
        InstalledType type = InstalledType.of(plugin, "in-process", "0", plugin.getClass().getClassLoader());
        PluginCalls calls = new PluginCalls();
        try {
            Config valid = SchemaChecks.assertValid(type, new LinkedHashMap<>(config), context.metadata(), calls,
                    callTimeout);
            IntegrationInstance instance = IntegrationInstance.create(type, valid, context, calls, callTimeout);
            instance.start();
            return new RunningIntegration(null, calls, instance, type.classLoader());
        } catch (RuntimeException | Error e) {
            calls.close();
            throw e;
        }
    }

    /**
     * {@link #start(IntegrationPlugin, Map, KitContext)} with a fresh context without metadata.
     *
     * @since 0.2
     */
    public static RunningIntegration start(IntegrationPlugin plugin, Map<String, ?> config) {
        return start(plugin, config, new KitContext(plugin.type(), Map.of()));
    }

    /** The integration id in its context (a UUID). */
    public String integrationId() {
        return instance.context().integrationId();
    }

    /**
     * The meters the integration registered through its context's {@code metrics()}.
     *
     * @since 0.3
     */
    public RecordingMetrics meters() {
        return instance.context().meters();
    }

    /**
     * The context the integration was created with: its name, metadata, node ids, logger.
     *
     * @since 0.2
     */
    public KitContext context() {
        return instance.context();
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
        return loader;
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

    /**
     * Calls {@code process} and waits until the stage completes successfully (for a sink: the
     * external system has the message); fails the test with the plugin's failure otherwise.
     *
     * @since 0.2
     */
    public ProcessResult deliver(IntegrationMessage message, Duration bound) {
        ProcessResult result = processAndWait(message, bound);
        if (!result.succeeded()) {
            throw new AssertionError("process() failed: " + result, result.failure());
        }
        return result;
    }

    /**
     * Stops the integration as the platform does (telling it half the call timeout), failing when
     * stop throws or hangs. May be called again — the platform may stop twice — and the plugin
     * must then return normally; {@link #close()} does not stop it again.
     *
     * @since 0.2
     */
    public void stop() {
        stopped = true;
        try {
            instance.stop();
        } catch (AssertionError e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw new AssertionError("stop() threw " + e, e);
        }
    }

    /** Stops the integration unless {@link #stop()} did (failing when stop throws) and unloads the plugin. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!stopped) {
                stop();
            }
        } finally {
            instance.forget();
            calls.close();
            if (plugin != null) {
                plugin.close();
            }
        }
    }
}
