package io.tributary.plugin.host;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard test plugin, built as a real PF4J zip: integration type {@code TEST} with a
 * schema that uses every field type, and an integration steered by its {@code mode} field.
 *
 * <p>What it receives is observable through {@link TestPluginProbe} (keyed by integration id):
 * {@code TestPluginProbe.messages(id)} lists delivered messages, {@code lifecycle(id)} the
 * create/start/stop calls, and {@code setMode(id, mode)} switches the mode of a running
 * integration (e.g. stall then recover).
 *
 * <p>Modes: {@code ok} (record and complete), {@code failStart} (start throws),
 * {@code preventStart} (start calls preventStart), {@code blockStart} (start blocks until the
 * mode changes or the thread is interrupted), {@code failProcess} (completes exceptionally),
 * {@code throwProcess} (process throws), {@code permanentFailure} (completes with
 * PermanentFailure), {@code neverComplete} (returns a stage that never completes),
 * {@code stall} (holds each message until the mode changes, then delivers it), {@code block}
 * (blocks the calling thread until the mode changes), {@code slow} (completes after
 * {@code delayMs} on a JDK timer thread).
 */
public final class TestPlugins {
    public static final String TYPE = "TEST";
    public static final String PLUGIN_ID = "test-plugin";
    public static final String VERSION = "1.0.0";
    /** Every value of the {@code mode} field. */
    public static final List<String> MODES = List.of("ok", "failStart", "preventStart", "blockStart", "failProcess",
            "throwProcess", "permanentFailure", "neverComplete", "stall", "block", "slow");

    private static final String PACKAGE = "io.tributary.testplugin";

    private TestPlugins() {
    }

    /** Writes the standard test plugin ({@value #PLUGIN_ID}, type {@value #TYPE}) into {@code dir}. */
    public static Path build(Path dir) {
        return builder(PLUGIN_ID, TYPE).buildZip(dir);
    }

    /** Writes a copy of the test plugin with another plugin id and type id into {@code dir}. */
    public static Path build(Path dir, String pluginId, String type) {
        return builder(pluginId, type).buildZip(dir);
    }

    /** The test plugin's builder, to add sources, libraries or change its descriptor before building. */
    public static PluginZipBuilder builder(String pluginId, String type) {
        return PluginZipBuilder.plugin(pluginId).version(VERSION)
                .source(PACKAGE + ".TestIntegrationPlugin", PLUGIN_SOURCE.replace("%TYPE%", type))
                .source(PACKAGE + ".TestIntegration", INTEGRATION_SOURCE);
    }

    /** A clientConfiguration selecting {@code mode}; other fields take their defaults. */
    public static Map<String, Object> config(String mode) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("mode", mode);
        return config;
    }

    private static final String PLUGIN_SOURCE = """
            package io.tributary.testplugin;

            import io.tributary.plugin.api.IntegrationPlugin;
            import io.tributary.plugin.api.config.ConfigSchema;
            import io.tributary.plugin.api.config.ValidationInput;
            import io.tributary.plugin.api.config.ValidationOutput;
            import io.tributary.plugin.api.runtime.CreateInput;
            import io.tributary.plugin.api.runtime.Integration;
            import org.pf4j.Extension;

            import java.util.List;
            import java.util.Map;

            @Extension
            public class TestIntegrationPlugin implements IntegrationPlugin {
                @Override public String type() { return "%TYPE%"; }
                @Override public String displayName() { return "Test (%TYPE%)"; }
                @Override public String description() { return "Records messages for tests; behaviour set by mode."; }

                @Override
                public ConfigSchema configSchema() {
                    return ConfigSchema.builder()
                        .group("behaviour", "Behaviour")
                        .enumeration("mode", f -> f.title("Mode").required().defaultValue("ok")
                            .description("How the integration behaves")
                            .option("ok", "Deliver").option("failStart", "Fail on start")
                            .option("preventStart", "Prevent start").option("blockStart", "Block in start")
                            .option("failProcess", "Fail each message").option("throwProcess", "Throw on each message")
                            .option("permanentFailure", "Reject each message").option("neverComplete", "Never complete")
                            .option("stall", "Stall until recovered").option("block", "Block the thread")
                            .option("slow", "Deliver after a delay"))
                        .integer("delayMs", f -> f.title("Delay (ms)").defaultValue(100L).min(0).max(60000)
                            .visibleWhen("mode", "slow"))
                        .string("failureMessage", f -> f.title("Failure message").defaultValue("requested by test")
                            .visibleWhen("mode", "failStart", "preventStart", "failProcess", "throwProcess",
                                "permanentFailure"))
                        .group("connection", "Connection")
                        .string("endpoint", f -> f.title("Endpoint").placeholder("test://sink")
                            .pattern("^[a-z]+://.+$").description("Where messages would go"))
                        .secret("password", f -> f.title("Password"))
                        .integer("port", f -> f.title("Port").defaultValue(1883L).min(1).max(65535))
                        .bool("tls", f -> f.title("TLS").defaultValue(false))
                        .advancedGroup("advanced", "Advanced")
                        .stringList("tags", f -> f.title("Tags").defaultValue(List.of()))
                        .stringMap("headers", f -> f.title("Headers").defaultValue(Map.of())
                            .secretKeys("*password*", "*token*", "*secret*"))
                        .build();
                }

                @Override
                public void validate(ValidationInput input, ValidationOutput output) {
                    if ("slow".equals(input.config().getString("mode")) && input.config().getLong("delayMs", 0) == 0) {
                        output.error("delayMs", "must be greater than 0 when mode is slow");
                    }
                }

                @Override
                public Integration create(CreateInput input) {
                    return new TestIntegration(input.config(), input.context());
                }
            }
            """;

    private static final String INTEGRATION_SOURCE = """
            package io.tributary.testplugin;

            import io.tributary.plugin.api.config.Config;
            import io.tributary.plugin.api.message.IntegrationMessage;
            import io.tributary.plugin.api.runtime.Integration;
            import io.tributary.plugin.api.runtime.IntegrationContext;
            import io.tributary.plugin.api.runtime.PermanentFailure;
            import io.tributary.plugin.api.runtime.StartInput;
            import io.tributary.plugin.api.runtime.StartOutput;
            import io.tributary.plugin.api.runtime.StopInput;
            import io.tributary.plugin.host.TestPluginProbe;

            import java.util.concurrent.CompletableFuture;
            import java.util.concurrent.CompletionStage;
            import java.util.concurrent.TimeUnit;

            public class TestIntegration implements Integration {
                private final Config config;
                private final String id;

                TestIntegration(Config config, IntegrationContext context) {
                    this.config = config;
                    this.id = context.integrationId();
                    note("create");
                }

                private String mode() {
                    String override = TestPluginProbe.modeOverride(id);
                    return override != null ? override : config.getString("mode", "ok");
                }

                private String failure() {
                    return config.getString("failureMessage", "requested by test");
                }

                private void note(String call) {
                    TestPluginProbe.lifecycle(id, call);
                    if (Thread.currentThread().getContextClassLoader() != getClass().getClassLoader()) {
                        TestPluginProbe.lifecycle(id, "wrong-context-loader:" + call);
                    }
                }

                /** Waits while the mode is {@code mode}; false when interrupted. */
                private boolean waitWhile(String mode) {
                    while (mode.equals(mode())) {
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                        }
                    }
                    return true;
                }

                @Override
                public void start(StartInput input, StartOutput output) {
                    note("start");
                    switch (mode()) {
                        case "failStart" -> throw new IllegalStateException(failure());
                        case "preventStart" -> output.preventStart(failure());
                        case "blockStart" -> {
                            if (!waitWhile("blockStart")) {
                                throw new IllegalStateException("interrupted while blocking in start");
                            }
                        }
                        default -> { }
                    }
                }

                @Override
                public CompletionStage<Void> process(IntegrationMessage message) {
                    if (Thread.currentThread().getContextClassLoader() != getClass().getClassLoader()) {
                        TestPluginProbe.lifecycle(id, "wrong-context-loader:process");
                    }
                    switch (mode()) {
                        case "failProcess":
                            return CompletableFuture.failedFuture(new IllegalStateException(failure()));
                        case "throwProcess":
                            throw new IllegalStateException(failure());
                        case "permanentFailure":
                            return CompletableFuture.failedFuture(new PermanentFailure(failure()));
                        case "neverComplete":
                            return new CompletableFuture<>();
                        case "stall":
                            return TestPluginProbe.stall(id, message);
                        case "block":
                            if (!waitWhile("block")) {
                                return CompletableFuture.failedFuture(new IllegalStateException("interrupted"));
                            }
                            return process(message);
                        case "slow":
                            long delay = config.getLong("delayMs", 100);
                            String integrationId = id;
                            // the JDK's shared timer thread may be created now and would keep our loader
                            // as its context class loader forever: schedule from the system loader
                            Thread thread = Thread.currentThread();
                            ClassLoader previous = thread.getContextClassLoader();
                            thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
                            try {
                                return CompletableFuture.runAsync(() -> TestPluginProbe.delivered(integrationId, message),
                                    CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
                            } finally {
                                thread.setContextClassLoader(previous);
                            }
                        default:
                            TestPluginProbe.delivered(id, message);
                            return CompletableFuture.completedFuture(null);
                    }
                }

                @Override
                public void stop(StopInput input) {
                    note("stop");
                }
            }
            """;
}
