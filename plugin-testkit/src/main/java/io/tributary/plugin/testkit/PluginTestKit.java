package io.tributary.plugin.testkit;

import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.FieldError;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.host.InstalledType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks an integration plugin the way the platform will use it. Each check loads the plugin's
 * zip with a real plugin host (PF4J, plugin-first class loader, shared plugin API and SLF4J) into
 * a fresh class loader, calls the plugin on a separate thread with its loader as context class
 * loader and a time limit, and throws {@link AssertionError} with what is wrong and what the
 * platform expects.
 *
 * <pre>{@code
 * PluginTestKit kit = PluginTestKit.forZip(PluginTestKit.builtZip())
 *         .type("LOG")
 *         .validConfig(Map.of("format", "{topic}: {payload}"));
 * kit.assertSchemaWellFormed();
 * kit.assertInvalid(Map.of("payloadLimit", -1), "payloadLimit");   // schema rule
 * kit.assertInvalid(Map.of("format", "{nope}"), "format");          // the plugin's validate()
 * kit.assertStartStopIdempotent();
 * kit.assertProcessCompletes(Duration.ofSeconds(5));
 * kit.assertNoThreadLeak(Duration.ofSeconds(5));
 * kit.assertClassLoaderReleased(Duration.ofSeconds(20));
 * }</pre>
 *
 * <p>Setters change this kit and return it; a kit is not meant to be shared between threads.
 */
public final class PluginTestKit {
    /** System property failsafe sets to the zip {@code mvn package} built (see the plugin template). */
    public static final String ZIP_PROPERTY = "plugin.zip";

    private final Path zip;
    private String type;
    private Map<String, Object> validConfig = Map.of();
    private Map<String, String> metadata = Map.of();
    private List<IntegrationMessage> messages = SampleMessages.defaults();
    private Duration callTimeout = Duration.ofSeconds(10);
    private final List<Pattern> ignoredThreads = new ArrayList<>();

    private PluginTestKit(Path zip) {
        this.zip = Objects.requireNonNull(zip, "zip");
    }

    /** A kit for the plugin archive (zip or jar) at {@code zip}. */
    public static PluginTestKit forZip(Path zip) {
        return new PluginTestKit(zip);
    }

    /**
     * The zip named by the system property {@value #ZIP_PROPERTY}, which the template's failsafe
     * configuration sets to {@code target/<artifactId>-<version>.zip}.
     */
    public static Path builtZip() {
        String path = System.getProperty(ZIP_PROPERTY);
        if (path == null || path.isBlank()) {
            throw new AssertionError("System property " + ZIP_PROPERTY + " is not set: run the test as an *IT with "
                    + "maven-failsafe-plugin after `package`, with <systemPropertyVariables><plugin.zip>"
                    + "${project.build.directory}/${project.artifactId}-${project.version}.zip</plugin.zip>");
        }
        Path zip = Path.of(path);
        if (!Files.isRegularFile(zip)) {
            throw new AssertionError("Plugin zip " + zip + " does not exist: run `mvn verify` (it is built in package)");
        }
        return zip;
    }

    /** The integration type to check; may be omitted when the plugin provides exactly one. */
    public PluginTestKit type(String typeId) {
        this.type = typeId;
        return this;
    }

    /**
     * A configuration ({@code clientConfiguration}) that is valid and with which {@code start}
     * succeeds; absent fields take their defaults. Used by every check that runs the
     * integration. Values as in the REST API: strings, numbers, booleans, lists, maps.
     */
    public PluginTestKit validConfig(Map<String, ?> config) {
        this.validConfig = new LinkedHashMap<>(config);
        return this;
    }

    /** The integration's metadata map given to {@code validate} and the context. */
    public PluginTestKit metadata(Map<String, String> metadata) {
        this.metadata = Map.copyOf(metadata);
        return this;
    }

    /** Messages processed by the checks that run the integration; {@link SampleMessages#defaults()} by default. */
    public PluginTestKit messages(IntegrationMessage... messages) {
        this.messages = List.of(messages);
        return this;
    }

    /** Limit on every single call into the plugin (create, start, stop, validate, process returning); 10 s by default. */
    public PluginTestKit callTimeout(Duration timeout) {
        this.callTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * Threads whose whole name matches {@code nameRegex} are not counted by
     * {@link #assertNoThreadLeak}: for a library thread you cannot stop and that holds nothing
     * of yours. Prefer fixing the leak.
     */
    public PluginTestKit ignoreThreads(String nameRegex) {
        ignoredThreads.add(Pattern.compile(nameRegex));
        return this;
    }

    // ---- checks ----

    /**
     * The schema turns into valid JSON Schema 2020-12 (checked against the meta-schema); every
     * default is valid for its own field; patterns compile; min is not above max; visible-when
     * values are values the other field can take.
     */
    public PluginTestKit assertSchemaWellFormed() {
        try (LoadedPlugin plugin = LoadedPlugin.load(zip, type)) {
            SchemaChecks.assertWellFormed(plugin.type());
        }
        return this;
    }

    /** {@code config} passes the schema and the plugin's {@code validate}; returns it with defaults applied. */
    public Config assertValid(Map<String, ?> config) {
        return withPlugin((plugin, calls) -> SchemaChecks.assertValid(plugin.type(), new LinkedHashMap<>(config),
                metadata, calls, callTimeout));
    }

    /**
     * The valid configuration with {@code changes} applied (a {@code null} value removes the
     * field) is rejected with errors on exactly {@code fields} — by the schema or, when the schema
     * accepts it, by the plugin's {@code validate}, as on every save. Returns the errors, e.g. to
     * check their messages.
     */
    public List<FieldError> assertInvalid(Map<String, ?> changes, String... fields) {
        Map<String, Object> config = new LinkedHashMap<>(validConfig);
        changes.forEach((k, v) -> {
            if (v == null) {
                config.remove(k);
            } else {
                config.put(k, v);
            }
        });
        return withPlugin((plugin, calls) -> SchemaChecks.assertInvalid(plugin.type(), config, metadata, calls,
                callTimeout, fields));
    }

    /**
     * {@code stop} without {@code start} returns normally; {@code stop} twice returns normally;
     * a new instance starts and stops after the previous one stopped. See {@link LifecycleChecks}
     * for why the platform needs each.
     */
    public PluginTestKit assertStartStopIdempotent() {
        return withPlugin((plugin, calls) -> {
            LifecycleChecks.assertStartStopIdempotent(plugin.type(), config(plugin.type(), calls), metadata, calls,
                    callTimeout);
            return this;
        });
    }

    /**
     * Every message's {@code process} returns at once and its stage completes — successfully or
     * exceptionally — within {@code bound}. Returns the outcomes.
     */
    public List<ProcessResult> assertProcessCompletes(Duration bound) {
        return process(bound, false);
    }

    /** Like {@link #assertProcessCompletes} and every stage completes successfully. */
    public List<ProcessResult> assertProcessSucceeds(Duration bound) {
        return process(bound, true);
    }

    /**
     * No thread started between {@code create} and {@code stop} is alive {@code grace} after
     * {@code stop} returned (JVM shared threads excepted, see {@link #ignoreThreads}).
     */
    public PluginTestKit assertNoThreadLeak(Duration grace) {
        return withPlugin((plugin, calls) -> {
            ThreadLeakCheck.assertNoLeak(plugin.type(), config(plugin.type(), calls), metadata, calls, callTimeout,
                    messages, grace, List.copyOf(ignoredThreads));
            return this;
        });
    }

    /**
     * After create, start, process and stop, unloading the plugin lets its class loader be
     * garbage collected within {@code within}.
     */
    public PluginTestKit assertClassLoaderReleased(Duration within) {
        try (PluginCalls calls = new PluginCalls()) {
            Function<InstalledType, Config> configFor = t -> config(t, calls);
            ClassLoaderCheck.assertReleased(zip, type, configFor, metadata, calls, callTimeout, messages, within);
        }
        return this;
    }

    /** Every check above with default bounds: process 10 s, thread grace 5 s, class loader 20 s. */
    public PluginTestKit assertAll() {
        assertSchemaWellFormed();
        assertStartStopIdempotent();
        assertProcessCompletes(Duration.ofSeconds(10));
        assertNoThreadLeak(Duration.ofSeconds(5));
        assertClassLoaderReleased(Duration.ofSeconds(20));
        return this;
    }

    /**
     * Loads the plugin and starts an integration with {@code config} (validated first), for tests
     * of your own. Close the result.
     */
    public RunningIntegration start(Map<String, ?> config) {
        LoadedPlugin plugin = LoadedPlugin.load(zip, type);
        PluginCalls calls = new PluginCalls();
        try {
            Config valid = SchemaChecks.assertValid(plugin.type(), new LinkedHashMap<>(config), metadata, calls,
                    callTimeout);
            IntegrationInstance instance = IntegrationInstance.create(plugin.type(), valid, metadata, calls, callTimeout);
            instance.start();
            return new RunningIntegration(plugin, calls, instance);
        } catch (RuntimeException | Error e) {
            calls.close();
            plugin.close();
            throw e;
        }
    }

    /** {@link #start(Map)} with the valid configuration. */
    public RunningIntegration start() {
        return start(validConfig);
    }

    private List<ProcessResult> process(Duration bound, boolean requireSuccess) {
        return withPlugin((plugin, calls) -> ProcessChecks.assertCompletes(plugin.type(), config(plugin.type(), calls),
                metadata, calls, callTimeout, messages, bound, requireSuccess));
    }

    private Config config(InstalledType type, PluginCalls calls) {
        try {
            return SchemaChecks.assertValid(type, validConfig, metadata, calls, callTimeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nGive the kit a valid configuration with validConfig(...)", e);
        }
    }

    private interface Check<T> {
        T run(LoadedPlugin plugin, PluginCalls calls);
    }

    private <T> T withPlugin(Check<T> check) {
        try (LoadedPlugin plugin = LoadedPlugin.load(zip, type); PluginCalls calls = new PluginCalls()) {
            return check.run(plugin, calls);
        }
    }
}
