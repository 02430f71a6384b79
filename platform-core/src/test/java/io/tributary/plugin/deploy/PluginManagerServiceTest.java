package io.tributary.plugin.deploy;

import io.tributary.plugin.host.InstalledPlugin;
import io.tributary.plugin.host.PluginHost;
import io.tributary.plugin.host.PluginRejectedException;
import io.tributary.plugin.host.PluginRejectedException.Reason;
import io.tributary.plugin.host.PluginZipBuilder;
import io.tributary.plugin.host.TestPluginProbe;
import io.tributary.plugin.host.TestPlugins;
import io.tributary.storage.Database;
import io.tributary.storage.SettingsRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Installing, upgrading, enabling, disabling and deleting plugins through {@link PluginManagerService},
 * with real PF4J, real zips and a real plugins directory. Every refusal leaves the directory and
 * the loaded plugins exactly as they were.
 */
class PluginManagerServiceTest {
    @TempDir
    Path dir;
    private Path pluginsDir;
    private Path builds;
    private PluginHost host;
    private PluginManagerService service;
    private Database database;
    private final List<String> typeChanges = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        pluginsDir = Files.createDirectories(dir.resolve("plugins"));
        builds = Files.createDirectories(dir.resolve("builds"));
        database = Database.open(dir.resolve("data/tributary.db"));
        startService();
    }

    @AfterEach
    void tearDown() {
        stopService();
        database.close();
        TestPluginProbe.reset();
    }

    private void startService() {
        host = new PluginHost(pluginsDir, "0.1.0");
        host.open();
        host.onTypesChanged(typeChanges::add);
        service = new PluginManagerService(host, new DisabledPlugins(new SettingsRepository(database)), 0);
        service.start();
    }

    private void stopService() {
        if (service != null) {
            service.close();
            host.close();
        }
    }

    private Path v1() {
        return TestPlugins.build(builds.resolve("v1"));
    }

    private Path v2() {
        return TestPlugins.builder(TestPlugins.PLUGIN_ID, TestPlugins.TYPE).version("2.0.0").buildZip(builds.resolve("v2"));
    }

    private static InputStream bytes(Path file) throws IOException {
        return new ByteArrayInputStream(Files.readAllBytes(file));
    }

    @Test
    void anUploadedPluginIsStoredInThePluginsDirectoryAndLoaded() throws Exception {
        InstalledPlugin installed = service.install(bytes(v1()), "whatever-name.zip");

        assertThat(installed.id()).isEqualTo(TestPlugins.PLUGIN_ID);
        assertThat(installed.version()).isEqualTo("1.0.0");
        assertThat(installed.state()).isEqualTo("STARTED");
        assertThat(installed.types()).containsExactly(TestPlugins.TYPE);
        assertThat(host.type(TestPlugins.TYPE)).isPresent();
        assertThat(listing()).as("stored under its id and version; no upload leftovers")
                .containsExactly("test-plugin-1.0.0.zip");
        assertThat(typeChanges).containsExactly("TEST");

        // a restart loads what was installed
        stopService();
        startService();
        assertThat(host.plugin(TestPlugins.PLUGIN_ID)).map(InstalledPlugin::version).contains("1.0.0");
    }

    @Test
    void aNewerVersionUpgradesAndReplacesTheOldArchive() throws Exception {
        service.install(v1());
        ClassLoader oldLoader = host.classLoader(TestPlugins.PLUGIN_ID).orElseThrow();
        typeChanges.clear();

        InstalledPlugin upgraded = service.install(bytes(v2()), "test-plugin-2.0.0.zip");

        assertThat(upgraded.version()).isEqualTo("2.0.0");
        assertThat(host.type(TestPlugins.TYPE).orElseThrow().version()).isEqualTo("2.0.0");
        assertThat(host.classLoader(TestPlugins.PLUGIN_ID).orElseThrow()).isNotSameAs(oldLoader);
        assertThat(((org.pf4j.PluginClassLoader) oldLoader).isClosed()).isTrue();
        assertThat(typeChanges).as("the type went away and came back").containsExactly("TEST", "TEST");
        assertThat(listing()).containsExactly("test-plugin-2.0.0.zip");
    }

    @Test
    void theSameOrAnOlderVersionIsRefused() throws Exception {
        service.install(v2());
        Snapshot before = snapshot();

        PluginRejectedException same = rejected(v2(), "again.zip");
        PluginRejectedException older = rejected(v1(), "older.zip");

        assertThat(same.reason()).isEqualTo(Reason.DUPLICATE_PLUGIN);
        assertThat(same.getMessage()).contains("again.zip").contains("'test-plugin' 2.0.0 is already installed");
        assertThat(older.reason()).isEqualTo(Reason.DUPLICATE_PLUGIN);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aTypeThatAnotherPluginProvidesIsRefused() throws Exception {
        service.install(v1());
        Snapshot before = snapshot();

        PluginRejectedException e = rejected(TestPlugins.build(builds, "other-plugin", TestPlugins.TYPE), "other.zip");

        assertThat(e.reason()).isEqualTo(Reason.DUPLICATE_TYPE);
        assertThat(e.getMessage()).contains("'TEST' is already provided by plugin 'test-plugin'");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void zipSlipEntriesAreRefusedAndNothingIsWritten() throws Exception {
        service.install(v1());
        Snapshot before = snapshot();

        PluginRejectedException dotDot = rejected(BadArchives.zip(builds.resolve("slip.zip"), Map.of(
                "plugin.properties", BadArchives.descriptor("slip", "1.0.0"),
                "../../escaped.txt", "gotcha")), "slip.zip");
        PluginRejectedException absolute = rejected(BadArchives.zip(builds.resolve("abs.zip"), Map.of(
                "plugin.properties", BadArchives.descriptor("abs", "1.0.0"),
                dir.resolve("absolute.txt").toString(), "gotcha")), "abs.zip");
        PluginRejectedException backslash = rejected(BadArchives.zip(builds.resolve("win.zip"), Map.of(
                "plugin.properties", BadArchives.descriptor("win", "1.0.0"),
                "classes\\..\\..\\..\\escaped.txt", "gotcha")), "win.zip");

        assertThat(List.of(dotDot, absolute, backslash)).extracting(PluginRejectedException::reason)
                .containsOnly(Reason.UNSAFE_ENTRY);
        assertThat(dotDot.getMessage()).contains("'../../escaped.txt'").contains("outside the plugin folder");
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
        assertThat(dir.resolve("absolute.txt")).doesNotExist();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void corruptArchivesAndBadDescriptorsAreRefused() throws Exception {
        service.install(v1());
        Snapshot before = snapshot();
        Path good = TestPlugins.build(builds, "good", "GOOD");

        assertThat(rejected(BadArchives.truncated(good, 300, builds.resolve("half.zip")), "half.zip").reason())
                .isEqualTo(Reason.CORRUPT_ARCHIVE);
        assertThat(rejected(new ByteArrayInputStream("not a zip".getBytes()), "text.jar").reason())
                .isEqualTo(Reason.CORRUPT_ARCHIVE);
        PluginRejectedException noDescriptor = rejected(BadArchives.without(good, "plugin.properties",
                builds.resolve("nodesc.zip")), "nodesc.zip");
        assertThat(noDescriptor.reason()).isEqualTo(Reason.INVALID_DESCRIPTOR);
        assertThat(noDescriptor.getMessage()).contains("plugin.properties");
        PluginRejectedException badVersion = rejected(TestPlugins.builder("bad-version", "BADV").version("banana")
                .buildZip(builds), "bad-version.zip");
        assertThat(badVersion.reason()).isEqualTo(Reason.INVALID_DESCRIPTOR);
        assertThat(badVersion.getMessage()).contains("'banana'").contains("semantic version");
        assertThat(rejected(BadArchives.zip(builds.resolve("badid.zip"), Map.of("plugin.properties",
                BadArchives.descriptor("../evil", "1.0.0"))), "badid.zip").reason())
                .isEqualTo(Reason.INVALID_DESCRIPTOR);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aPluginForAnotherPlatformVersionIsRefused() throws Exception {
        Snapshot before = snapshot();

        PluginRejectedException e = rejected(TestPlugins.builder("future", "FUTURE").requires(">=9.0.0")
                .buildZip(builds), "future.zip");

        assertThat(e.reason()).isEqualTo(Reason.INCOMPATIBLE_PLATFORM);
        assertThat(e.getMessage()).contains("requires platform >=9.0.0").contains("this platform is 0.1.0");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void classesThatDoNotLoadAreRefused() throws Exception {
        service.install(v1());
        Snapshot before = snapshot();
        // the extension uses a class from lib/helper.jar, which the archive then loses
        Path withLib = PluginZipBuilder.plugin("needs-lib")
                .lib("helper.jar", Map.of("com.example.helper.Helper", """
                        package com.example.helper;
                        public final class Helper { public static final String NAME = new String("helper"); }
                        """))
                .source("com.example.lib.NeedsLib", extension("com.example.lib", "NeedsLib", "NEEDS_LIB",
                        "private static final String HELPER = com.example.helper.Helper.NAME;"))
                .buildZip(builds.resolve("lib"));
        Path missingLib = BadArchives.without(withLib, "lib/", builds.resolve("missing-lib.zip"));
        Path failingInit = failingStaticInitializer();

        PluginRejectedException noLib = rejected(missingLib, "missing-lib.zip");
        PluginRejectedException init = rejected(failingInit, "failing-init.zip");
        PluginRejectedException pluginClass = rejected(TestPlugins.builder("bad-class", "BAD_CLASS")
                .pluginClass("com.example.DoesNotExist").buildZip(builds), "bad-class.zip");

        assertThat(noLib.reason()).as(noLib.getMessage()).isEqualTo(Reason.CLASS_LOADING);
        assertThat(noLib.getMessage()).contains("NoClassDefFoundError: com/example/helper/Helper");
        assertThat(init.reason()).as(init.getMessage()).isEqualTo(Reason.CLASS_LOADING);
        assertThat(init.getMessage()).contains("ExceptionInInitializerError");
        assertThat(pluginClass.reason()).as(pluginClass.getMessage())
                .isIn(Reason.CLASS_LOADING, Reason.INVALID_DESCRIPTOR);
        assertThat(snapshot()).isEqualTo(before);
    }

    private Path failingStaticInitializer() {
        return PluginZipBuilder.plugin("failing-init")
                .source("com.example.init.FailingPlugin", extension("com.example.init", "FailingPlugin", "FAILING",
                        "private static final int BROKEN = fail(); "
                                + "private static int fail() { throw new IllegalStateException(\"static init fails\"); }"))
                .buildZip(builds.resolve("init"));
    }

    /** Source of a minimal IntegrationPlugin extension with {@code members} added to its body. */
    static String extension(String pkg, String className, String type, String members) {
        return """
                package %s;

                import io.tributary.plugin.api.IntegrationPlugin;
                import io.tributary.plugin.api.config.ConfigSchema;
                import io.tributary.plugin.api.runtime.CreateInput;
                import io.tributary.plugin.api.runtime.Integration;

                @org.pf4j.Extension
                public class %s implements IntegrationPlugin {
                    %s
                    public String type() { return "%s"; }
                    public String displayName() { return "%s"; }
                    public String description() { return ""; }
                    public ConfigSchema configSchema() { return ConfigSchema.builder().build(); }
                    public Integration create(CreateInput input) { throw new UnsupportedOperationException(); }
                }
                """.formatted(pkg, className, members, type, type);
    }

    @Test
    void aPluginWithoutAnIntegrationTypeIsRefused() throws Exception {
        Snapshot before = snapshot();

        PluginRejectedException empty = rejected(PluginZipBuilder.plugin("empty").source("com.example.Nothing",
                "package com.example; public class Nothing { }").buildZip(builds), "empty.zip");
        PluginRejectedException badType = rejected(TestPlugins.build(builds, "lower", "kafka"), "lower.zip");

        assertThat(empty.reason()).isEqualTo(Reason.NO_INTEGRATION_TYPE);
        assertThat(empty.getMessage()).contains("no IntegrationPlugin extension");
        assertThat(badType.reason()).isEqualTo(Reason.NO_INTEGRATION_TYPE);
        assertThat(badType.getMessage()).contains("'kafka'");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void onlyZipAndJarFilesAreAccepted() throws Exception {
        Snapshot before = snapshot();

        assertThat(rejected(v1(), "plugin.tar.gz").reason()).isEqualTo(Reason.NOT_AN_ARCHIVE);
        assertThat(rejected(v1(), ".hidden.zip").reason()).isEqualTo(Reason.NOT_AN_ARCHIVE);
        // a path in the name is ignored: the file always lands in the plugins directory
        InstalledPlugin p = service.install(bytes(v1()), "../../elsewhere/test.zip");
        assertThat(Path.of(p.path()).getParent()).isEqualTo(pluginsDir.toAbsolutePath().normalize());
        assertThat(before.files()).isEmpty();
    }

    @Test
    void aJarPluginInstallsToo() throws Exception {
        Path jar = TestPlugins.builder("jarred", "JARRED").buildJar(builds);

        InstalledPlugin p = service.install(bytes(jar), "jarred.jar");

        assertThat(p.types()).containsExactly("JARRED");
        assertThat(listing()).containsExactly("jarred-1.0.0.jar");
    }

    @Test
    void disablingUnloadsAndIsRememberedAcrossRestartsUntilEnabled() throws Exception {
        service.install(v1());
        typeChanges.clear();

        InstalledPlugin disabled = service.disable(TestPlugins.PLUGIN_ID);

        assertThat(disabled.state()).isEqualTo(InstalledPlugin.DISABLED);
        assertThat(host.type(TestPlugins.TYPE)).isEmpty();
        assertThat(host.isTypeDisabled(TestPlugins.TYPE)).isTrue();
        assertThat(typeChanges).containsExactly("TEST");
        assertThat(listing()).as("the archive stays").containsExactly("test-plugin-1.0.0.zip");
        assertThat(host.plugins()).singleElement().satisfies(p -> {
            assertThat(p.state()).isEqualTo("DISABLED");
            assertThat(p.types()).containsExactly("TEST");
        });

        stopService();
        startService();
        assertThat(host.type(TestPlugins.TYPE)).as("still disabled after a restart").isEmpty();
        assertThat(host.isTypeDisabled(TestPlugins.TYPE)).isTrue();
        assertThatThrownBy(() -> service.install(v2())).isInstanceOf(PluginRejectedException.class)
                .hasMessageContaining("disabled");

        InstalledPlugin enabled = service.enable(TestPlugins.PLUGIN_ID);
        assertThat(enabled.state()).isEqualTo("STARTED");
        assertThat(host.type(TestPlugins.TYPE)).isPresent();
        assertThat(host.isTypeDisabled(TestPlugins.TYPE)).isFalse();
        stopService();
        startService();
        assertThat(host.type(TestPlugins.TYPE)).as("enabled after a restart").isPresent();
    }

    @Test
    void deletingRemovesTheArchiveAndUnloads() throws Exception {
        service.install(v1());
        service.install(TestPlugins.build(builds, "other", "OTHER"));

        service.delete(TestPlugins.PLUGIN_ID);

        assertThat(listing()).containsExactly("other-1.0.0.zip");
        assertThat(host.type(TestPlugins.TYPE)).isEmpty();
        assertThat(host.plugins()).extracting(InstalledPlugin::id).containsExactly("other");
        service.disable("other");
        service.delete("other");
        assertThat(listing()).isEmpty();
        assertThat(host.plugins()).isEmpty();
        assertThatThrownBy(() -> service.delete("other")).isInstanceOf(UnknownPluginException.class);
        assertThatThrownBy(() -> service.enable("nope")).isInstanceOf(UnknownPluginException.class);
        assertThatThrownBy(() -> service.disable("nope")).isInstanceOf(UnknownPluginException.class);
    }

    private PluginRejectedException rejected(Path archive, String name) throws IOException {
        return rejected(bytes(archive), name);
    }

    private PluginRejectedException rejected(InputStream in, String name) {
        PluginRejectedException e = catchThrowableOfType(PluginRejectedException.class, () -> service.install(in, name));
        assertThat(e).as("refused: " + name).isNotNull();
        return e;
    }

    /** What must not change when an archive is refused. */
    private record Snapshot(List<String> files, List<InstalledPlugin> plugins, List<ClassLoader> loaders) {
    }

    private Snapshot snapshot() throws IOException {
        List<InstalledPlugin> plugins = host.plugins();
        return new Snapshot(listing(), plugins,
                plugins.stream().map(p -> host.classLoader(p.id()).orElse(null)).toList());
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(pluginsDir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
