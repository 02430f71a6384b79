package io.tributary.plugin.host;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.Field;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.message.UserProperty;
import io.tributary.plugin.api.runtime.CreateInput;
import io.tributary.plugin.api.runtime.EventReporter;
import io.tributary.plugin.api.runtime.IntegrationContext;
import io.tributary.plugin.api.runtime.StartInput;
import io.tributary.plugin.api.runtime.StopInput;
import io.tributary.plugin.host.testlib.Greeting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PluginHostTest {
    @TempDir
    Path pluginsDir;

    private PluginHost host;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(PluginHost.class)).addAppender(logs);
    }

    @AfterEach
    void closeHost() {
        ((Logger) LoggerFactory.getLogger(PluginHost.class)).detachAppender(logs);
        if (host != null) {
            host.close();
        }
        TestPluginProbe.reset();
    }

    private PluginHost startHost() {
        host = new PluginHost(pluginsDir, "0.1.0");
        host.start();
        return host;
    }

    @Test
    void loadsTheTestPluginZipAndListsItsType() throws Exception {
        TestPlugins.build(pluginsDir);

        startHost();

        InstalledType type = host.type(TestPlugins.TYPE).orElseThrow();
        assertThat(type.pluginId()).isEqualTo(TestPlugins.PLUGIN_ID);
        assertThat(type.displayName()).isEqualTo("Test (TEST)");
        assertThat(type.version()).as("blank type version falls back to the plugin's").isEqualTo("1.0.0");
        assertThat(type.schema().fields()).extracting(Field::name)
                .containsExactly("mode", "delayMs", "failureMessage", "endpoint", "password", "port", "tls", "tags",
                        "headers");
        assertThat(type.plugin().getClass().getClassLoader()).isSameAs(type.classLoader())
                .isInstanceOf(HostPluginClassLoader.class);
        assertThat(host.types()).extracting(InstalledType::type).containsExactly("TEST");
        assertThat(host.plugins()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(TestPlugins.PLUGIN_ID);
            assertThat(p.version()).isEqualTo("1.0.0");
            assertThat(p.state()).isEqualTo("STARTED");
            assertThat(p.types()).containsExactly("TEST");
            assertThat(p.path()).endsWith("test-plugin-1.0.0.zip");
        });
        try (Stream<Path> files = Files.list(pluginsDir)) {
            assertThat(files).as("the plugins directory is only read").hasSize(1);
        }
    }

    @Test
    void theTestPluginRecordsWhatItReceivesForTheTest() throws Exception {
        TestPlugins.build(pluginsDir);
        InstalledType type = startHost().type(TestPlugins.TYPE).orElseThrow();
        String id = UUID.randomUUID().toString();
        IntegrationMessage message = IntegrationMessage.builder().topic("a/b").payload("hi".getBytes(StandardCharsets.UTF_8))
                .qos(1).clientId("c1").userProperties(List.of(new UserProperty("k", "v"), new UserProperty("k", "w")))
                .build();

        IsolatedIntegration integration = type.create(createInput(id, Map.of("mode", "ok")));
        integration.start(startInput(id), reason -> { }, Duration.ofSeconds(5));
        integration.process(message).toCompletableFuture().get(5, TimeUnit.SECONDS);
        integration.stop(() -> Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(TestPluginProbe.messages(id)).containsExactly(message);
        assertThat(TestPluginProbe.lifecycle(id)).containsExactly("create", "start", "stop");
    }

    @Test
    void thePluginSeesItsOwnLibrariesAndTheHostItsOwn() throws Exception {
        PluginZipBuilder.plugin("libs")
                .lib("greeting.jar", Map.of("io.tributary.plugin.host.testlib.Greeting", """
                        package io.tributary.plugin.host.testlib;
                        public final class Greeting {
                            public static String origin() { return "plugin"; }
                        }
                        """))
                .lib("helper.jar", Map.of("com.example.onlyplugin.Helper", """
                        package com.example.onlyplugin;
                        public final class Helper {
                            public static String text() { return "helper"; }
                        }
                        """))
                // copies of shared packages in lib/ must lose against the host's
                .lib("bundled-shared.jar", Map.of(
                        "org.slf4j.MDC", "package org.slf4j; public final class MDC { }",
                        "io.tributary.plugin.api.message.UserProperty",
                        "package io.tributary.plugin.api.message; public final class UserProperty { }"))
                .source("com.example.libs.LibsPlugin", """
                        package com.example.libs;

                        import io.tributary.plugin.api.IntegrationPlugin;
                        import io.tributary.plugin.api.config.ConfigSchema;
                        import io.tributary.plugin.api.runtime.CreateInput;
                        import io.tributary.plugin.api.runtime.Integration;

                        @org.pf4j.Extension
                        public class LibsPlugin implements IntegrationPlugin {
                            public String type() { return "LIBS"; }
                            public String displayName() { return "Libs"; }
                            public String description() {
                                return io.tributary.plugin.host.testlib.Greeting.origin() + "/"
                                        + com.example.onlyplugin.Helper.text();
                            }
                            public ConfigSchema configSchema() {
                                boolean own = Thread.currentThread().getContextClassLoader() == getClass().getClassLoader();
                                return ConfigSchema.builder().string("x", f -> f.title("context loader is plugin's: " + own))
                                        .build();
                            }
                            public Integration create(CreateInput input) { throw new UnsupportedOperationException(); }
                        }
                        """)
                .buildZip(pluginsDir);

        InstalledType type = startHost().type("LIBS").orElseThrow();
        ClassLoader pluginLoader = type.classLoader();

        assertThat(type.description()).isEqualTo("plugin/helper");
        assertThat(Greeting.origin()).isEqualTo("host");
        assertThat(pluginLoader.loadClass(Greeting.class.getName()).getClassLoader()).isSameAs(pluginLoader);
        assertThatThrownBy(() -> Class.forName("com.example.onlyplugin.Helper"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(pluginLoader.loadClass("org.slf4j.MDC")).isSameAs(MDC.class);
        assertThat(pluginLoader.loadClass(UserProperty.class.getName())).isSameAs(UserProperty.class);
        assertThat(type.schema().fields().get(0).title()).isEqualTo("context loader is plugin's: true");
    }

    @Test
    void unloadingReleasesThePluginClassLoader() throws Exception {
        TestPlugins.build(pluginsDir);
        List<String> changes = new CopyOnWriteArrayList<>();
        startHost().onTypesChanged(changes::add);

        WeakReference<ClassLoader> loader = exercisePlugin();
        assertThat(host.unload(TestPlugins.PLUGIN_ID)).isTrue();

        assertThat(host.type(TestPlugins.TYPE)).isEmpty();
        assertThat(host.plugins()).isEmpty();
        assertThat(host.classLoader(TestPlugins.PLUGIN_ID)).isEmpty();
        assertThat(changes).containsExactly("TEST");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            System.gc();
            return loader.get() == null;
        });
        assertThat(host.unload(TestPlugins.PLUGIN_ID)).isFalse();
    }

    /** Runs a full create/start/process/stop; returns only a weak reference so nothing here pins the loader. */
    private WeakReference<ClassLoader> exercisePlugin() throws Exception {
        InstalledType type = host.type(TestPlugins.TYPE).orElseThrow();
        String id = UUID.randomUUID().toString();
        IsolatedIntegration integration = type.create(createInput(id, Map.of("mode", "ok")));
        integration.start(startInput(id), reason -> { }, Duration.ofSeconds(5));
        integration.process(IntegrationMessage.builder().topic("t").build()).toCompletableFuture().get();
        integration.stop(() -> Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(TestPluginProbe.messages(id)).hasSize(1);
        return new WeakReference<>(host.classLoader(TestPlugins.PLUGIN_ID).orElseThrow());
    }

    @Test
    void aPluginNeverGetsTheHostsNettyButDoesGetThePluginApi() throws Exception {
        TestPlugins.build(pluginsDir);
        ClassLoader plugin = startHost().type(TestPlugins.TYPE).orElseThrow().classLoader();
        // the host has Netty (and its epoll transport) on its class path; a plugin must bring its own
        assertThat(Class.forName("io.netty.channel.epoll.Epoll", false, getClass().getClassLoader())).isNotNull();
        assertThatThrownBy(() -> Class.forName("io.netty.channel.epoll.Epoll", false, plugin))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> plugin.loadClass("io.netty.channel.EventLoopGroup"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(plugin.loadClass(io.tributary.plugin.api.IntegrationPlugin.class.getName()))
                .isSameAs(io.tributary.plugin.api.IntegrationPlugin.class);
    }

    @Test
    void aPluginJarLoadsToo() throws Exception {
        TestPlugins.builder("jarred", "JARRED").buildJar(pluginsDir);

        startHost();

        InstalledType type = host.type("JARRED").orElseThrow();
        assertThat(type.pluginId()).isEqualTo("jarred");
        assertThat(type.classLoader()).isInstanceOf(HostPluginClassLoader.class);
        assertThat(host.plugins()).singleElement().satisfies(p -> assertThat(p.path()).endsWith("jarred-1.0.0.jar"));
    }

    @Test
    void aDroppedInArchiveLoadsAfterStart() {
        List<String> changes = new CopyOnWriteArrayList<>();
        startHost().onTypesChanged(changes::add);
        assertThat(host.types()).isEmpty();

        Path zip = TestPlugins.build(pluginsDir);
        assertThat(host.load(zip)).contains(TestPlugins.PLUGIN_ID);

        assertThat(host.type(TestPlugins.TYPE)).isPresent();
        assertThat(changes).containsExactly("TEST");
    }

    @Test
    void sourceFoldersAndBrokenArchivesDoNotStopTheGoodPlugin() throws Exception {
        Path sources = Files.createDirectories(pluginsDir.resolve("kafka-integration/src/main/java"));
        Files.writeString(sources.getParent().getParent().getParent().resolve("pom.xml"), "<project/>");
        Files.write(pluginsDir.resolve("corrupt.zip"), new byte[]{'P', 'K', 3, 4, 1, 2, 3});
        Files.write(pluginsDir.resolve("garbage.jar"), "not a jar".getBytes(StandardCharsets.UTF_8));
        writeZipWithoutDescriptor(pluginsDir.resolve("no-descriptor.zip"));
        Files.writeString(pluginsDir.resolve("README.txt"), "not a plugin");
        TestPlugins.build(pluginsDir);
        List<String> before = listing(pluginsDir);

        startHost();

        assertThat(host.types()).extracting(InstalledType::type).containsExactly("TEST");
        assertThat(host.plugins()).extracting(InstalledPlugin::id).containsExactly(TestPlugins.PLUGIN_ID);
        assertThat(listing(pluginsDir)).as("nothing written into the plugins directory").isEqualTo(before);
        assertThat(errors()).anyMatch(m -> m.contains("corrupt.zip")).anyMatch(m -> m.contains("garbage.jar"))
                .anyMatch(m -> m.contains("no-descriptor.zip")).noneMatch(m -> m.contains("kafka-integration"));
    }

    @Test
    void aDuplicateTypeIsRefusedAndDoesNotReplaceTheFirst() {
        TestPlugins.build(pluginsDir, "a-first", "TEST");
        TestPlugins.build(pluginsDir, "b-second", "TEST");

        startHost();

        assertThat(host.type("TEST")).map(InstalledType::pluginId).contains("a-first");
        assertThat(host.plugins()).extracting(InstalledPlugin::id, InstalledPlugin::types)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a-first", List.of("TEST")),
                        org.assertj.core.groups.Tuple.tuple("b-second", List.of()));
        assertThat(errors()).anyMatch(m -> m.contains("'b-second'") && m.contains("'TEST'")
                && m.contains("refused") && m.contains("'a-first' already provides it"));
    }

    @Test
    void aTypeIdThatIsNotUpperCaseIsRefused() {
        TestPlugins.build(pluginsDir, "lower", "kafka");

        startHost();

        assertThat(host.types()).isEmpty();
        assertThat(errors()).anyMatch(m -> m.contains("'kafka'") && m.contains("[A-Z][A-Z0-9_]*"));
    }

    @Test
    void aPluginRequiringANewerPlatformIsNotStarted() {
        TestPlugins.builder("future", "FUTURE").requires(">=9.0.0").buildZip(pluginsDir);

        startHost();

        assertThat(host.types()).isEmpty();
        assertThat(host.plugins()).singleElement().satisfies(p -> assertThat(p.state()).isEqualTo("DISABLED"));
    }

    @Test
    void closeUnloadsEverything() {
        TestPlugins.build(pluginsDir);
        startHost();
        ClassLoader loader = host.classLoader(TestPlugins.PLUGIN_ID).orElseThrow();

        host.close();

        assertThat(host.types()).isEmpty();
        assertThat(host.plugins()).isEmpty();
        assertThat(((org.pf4j.PluginClassLoader) loader).isClosed()).isTrue();
        host = null;
    }

    private List<String> errors() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    private static void writeZipWithoutDescriptor(Path zip) throws IOException {
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("classes/readme.txt"));
            out.write("no plugin.properties".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    static CreateInput createInput(String id, Map<String, Object> config) {
        IntegrationContext context = context(id);
        Config values = new Config(config);
        return new CreateInput() {
            @Override
            public Config config() {
                return values;
            }

            @Override
            public IntegrationContext context() {
                return context;
            }
        };
    }

    static StartInput startInput(String id) {
        IntegrationContext context = context(id);
        return () -> context;
    }

    static IntegrationContext context(String id) {
        return new IntegrationContext() {
            public String integrationId() {
                return id;
            }

            public String integrationName() {
                return "it-" + id;
            }

            public Map<String, String> metadata() {
                return Map.of();
            }

            public String brokerNodeId() {
                return "node-1";
            }

            public String executorNodeId() {
                return "node-1";
            }

            public org.slf4j.Logger logger() {
                return LoggerFactory.getLogger("integration." + id);
            }

            public EventReporter events() {
                return new EventReporter() {
                    public void error(String message, Throwable cause) {
                    }

                    public void error(IntegrationMessage context, String message, Throwable cause) {
                    }

                    public void connectivity(boolean connected, String detail) {
                    }
                };
            }
        };
    }
}
