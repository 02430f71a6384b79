package io.tributary.plugin.testkit;

import io.tributary.plugin.host.PluginZipBuilder;

import java.nio.file.Path;

/**
 * Deliberately broken plugins, each built as a real PF4J zip with one defect a kit check must
 * catch. A plugin is a schema expression plus the body of its {@code Integration} class.
 */
final class BrokenPlugins {
    /** Threads started by the leaky plugins run until the test sets this probe mode (so tests clean up). */
    static final String RELEASE_LEAKS = "testkit-release-leaks";
    /** System property keys the pinning plugin writes start with this. */
    static final String PIN_PREFIX = "testkit.pin.";

    private static final String OK_SCHEMA = """
            ConfigSchema.builder().integer("port", f -> f.defaultValue(1883).min(1).max(65535)).build()""";
    private static final String OK_PROCESS = """
            public CompletionStage<Void> process(IntegrationMessage m) { return CompletableFuture.completedFuture(null); }
            """;

    private BrokenPlugins() {
    }

    /** A schema whose integer default (5) violates its own minimum (10). */
    static Path defaultBelowMin(Path dir) {
        return build(dir, "BAD_DEFAULT", """
                ConfigSchema.builder().integer("port", f -> f.defaultValue(5).min(10).max(65535)).build()""",
                OK_PROCESS + "public void start(StartInput i, StartOutput o) { }\npublic void stop(StopInput i) { }");
    }

    /** A schema with four defects: a broken pattern, min above max, an impossible visible-when, an enum default not in its options. */
    static Path badSchema(Path dir) {
        return build(dir, "BAD_SCHEMA", """
                ConfigSchema.builder()
                    .string("url", f -> f.pattern("[unclosed"))
                    .integer("size", f -> f.min(10).max(5))
                    .enumeration("auth", f -> f.option("none", "None").option("basic", "Basic").defaultValue("token"))
                    .string("user", f -> f.visibleWhen("auth", "bsaic"))
                    .build()""",
                OK_PROCESS + "public void start(StartInput i, StartOutput o) { }\npublic void stop(StopInput i) { }");
    }

    /** stop() dereferences what only start() creates. */
    static Path stopNeedsStart(Path dir) {
        return build(dir, "STOP_NEEDS_START", OK_SCHEMA, OK_PROCESS + """
                private ExecutorService executor;
                public void start(StartInput i, StartOutput o) { executor = Executors.newSingleThreadExecutor(); }
                public void stop(StopInput i) { executor.shutdownNow(); }
                """);
    }

    /** The second stop() throws. */
    static Path stopTwiceThrows(Path dir) {
        return build(dir, "STOP_TWICE", OK_SCHEMA, OK_PROCESS + """
                private boolean stopped;
                public void start(StartInput i, StartOutput o) { }
                public void stop(StopInput i) {
                    if (stopped) { throw new IllegalStateException("already stopped"); }
                    stopped = true;
                }
                """);
    }

    /** A static "running" flag never cleared: the next instance cannot start. */
    static Path staticState(Path dir) {
        return build(dir, "STATIC_STATE", OK_SCHEMA, OK_PROCESS + """
                private static boolean running;
                public void start(StartInput i, StartOutput o) {
                    if (running) { throw new IllegalStateException("already running"); }
                    running = true;
                }
                public void stop(StopInput i) { }
                """);
    }

    /** start() starts a thread that stop() never stops (it also pins the class loader). */
    static Path leaksThread(Path dir) {
        return build(dir, "LEAKY", OK_SCHEMA, OK_PROCESS + """
                public void start(StartInput i, StartOutput o) {
                    Thread t = new Thread(() -> {
                        while (TestPluginProbe.modeOverride("%s") == null) {
                            try { Thread.sleep(10); } catch (InterruptedException e) { return; }
                        }
                    }, "leaky-poller");
                    t.start();
                }
                public void stop(StopInput i) { }
                """.formatted(RELEASE_LEAKS));
    }

    /** start() puts the integration into a JDK-wide registry (system properties) and stop() leaves it there. */
    static Path pinsClassLoader(Path dir) {
        return build(dir, "PINNING", OK_SCHEMA, OK_PROCESS + """
                public void start(StartInput i, StartOutput o) {
                    System.getProperties().put("%s" + i.context().integrationId(), this);
                }
                public void stop(StopInput i) { }
                """.formatted(PIN_PREFIX));
    }

    private static Path build(Path dir, String type, String schema, String integrationBody) {
        String pkg = "io.tributary.brokenplugin." + type.toLowerCase();
        return PluginZipBuilder.plugin(type.toLowerCase().replace('_', '-')).version("1.0.0")
                .source(pkg + ".BrokenPlugin", """
                        package %s;

                        import io.tributary.plugin.api.IntegrationPlugin;
                        import io.tributary.plugin.api.config.ConfigSchema;
                        import io.tributary.plugin.api.runtime.CreateInput;
                        import io.tributary.plugin.api.runtime.Integration;

                        @org.pf4j.Extension
                        public class BrokenPlugin implements IntegrationPlugin {
                            public String type() { return "%s"; }
                            public String displayName() { return "Broken %s"; }
                            public String description() { return "Deliberately broken for the test kit's tests."; }
                            public ConfigSchema configSchema() { return %s; }
                            public Integration create(CreateInput in) { return new BrokenIntegration(); }
                        }
                        """.formatted(pkg, type, type, schema))
                .source(pkg + ".BrokenIntegration", """
                        package %s;

                        import io.tributary.plugin.api.message.IntegrationMessage;
                        import io.tributary.plugin.api.runtime.Integration;
                        import io.tributary.plugin.api.runtime.StartInput;
                        import io.tributary.plugin.api.runtime.StartOutput;
                        import io.tributary.plugin.api.runtime.StopInput;
                        import io.tributary.plugin.host.TestPluginProbe;

                        import java.util.concurrent.CompletableFuture;
                        import java.util.concurrent.CompletionStage;
                        import java.util.concurrent.ExecutorService;
                        import java.util.concurrent.Executors;

                        public class BrokenIntegration implements Integration {
                        %s
                        }
                        """.formatted(pkg, integrationBody))
                .buildZip(dir);
    }
}
