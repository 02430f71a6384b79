package io.tributary.plugin.deploy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tributary.plugin.host.InstalledPlugin;
import io.tributary.plugin.host.InstalledType;
import io.tributary.plugin.host.PluginHost;
import io.tributary.plugin.host.TestPluginProbe;
import io.tributary.plugin.host.TestPlugins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Archives copied into, replaced in and removed from the plugins directory of a running host are
 * picked up by the watcher, with real PF4J and real files.
 */
class PluginDropInTest {
    private static final Duration SOON = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private Path pluginsDir;
    private Path builds;
    private PluginHost host;
    private PluginManagerService service;
    private final List<String> typeChanges = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void setUp() throws IOException {
        pluginsDir = Files.createDirectories(dir.resolve("plugins"));
        builds = Files.createDirectories(dir.resolve("builds"));
        logs.start();
        ((Logger) LoggerFactory.getLogger(PluginFolderSync.class)).addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(PluginFolderSync.class)).detachAppender(logs);
        if (service != null) {
            service.close();
            host.close();
        }
        TestPluginProbe.reset();
    }

    private void start(long pollMillis) {
        host = new PluginHost(pluginsDir, "0.1.0");
        host.open();
        host.onTypesChanged(typeChanges::add);
        service = new PluginManagerService(host, DisabledPlugins.inMemory(), pollMillis);
        service.start();
        service.startWatching();
    }

    private String typeVersion() {
        return host.type(TestPlugins.TYPE).map(InstalledType::version).orElse(null);
    }

    @Test
    void aZipCopiedInIsLoadedReplacedAndRemoved() throws Exception {
        start(500);
        Path v1 = TestPlugins.build(builds.resolve("v1"));
        Path v2 = TestPlugins.builder(TestPlugins.PLUGIN_ID, TestPlugins.TYPE).version("2.0.0")
                .buildZip(builds.resolve("v2"));
        Path dropped = pluginsDir.resolve("test-plugin.zip");

        Files.copy(v1, dropped);
        await().atMost(SOON).until(() -> "1.0.0".equals(typeVersion()));
        ClassLoader first = host.classLoader(TestPlugins.PLUGIN_ID).orElseThrow();

        Files.copy(v2, dropped, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(SOON).until(() -> "2.0.0".equals(typeVersion()));
        assertThat(host.classLoader(TestPlugins.PLUGIN_ID).orElseThrow()).isNotSameAs(first);
        assertThat(host.plugins()).singleElement().satisfies(p -> assertThat(p.version()).isEqualTo("2.0.0"));

        Files.delete(dropped);
        await().atMost(SOON).until(() -> host.type(TestPlugins.TYPE).isEmpty());
        assertThat(host.plugins()).isEmpty();
        assertThat(typeChanges).containsExactly("TEST", "TEST", "TEST", "TEST");
        assertThat(errors()).isEmpty();
    }

    @Test
    void aZipStillBeingCopiedIsNotLoadedHalfWay() throws Exception {
        start(500);
        byte[] zip = Files.readAllBytes(TestPlugins.build(builds));
        Path target = pluginsDir.resolve("slow-copy.zip");

        // written in 8 pieces, 150 ms apart: less than the 500 ms the file must stay unchanged
        try (OutputStream out = Files.newOutputStream(target)) {
            int piece = zip.length / 8 + 1;
            for (int off = 0; off < zip.length; off += piece) {
                out.write(Arrays.copyOfRange(zip, off, Math.min(zip.length, off + piece)));
                out.flush();
                Thread.sleep(150);
                assertThat(host.plugins()).as("nothing acted on a partial file").isEmpty();
            }
        }

        await().atMost(SOON).until(() -> host.type(TestPlugins.TYPE).isPresent());
        assertThat(errors()).as("never refused as corrupt").isEmpty();
    }

    @Test
    void theNewestOfTwoArchivesOfOnePluginWinsAndTheOtherIsListedAsShadowed() throws Exception {
        TestPlugins.build(pluginsDir);
        start(300);
        assertThat(typeVersion()).isEqualTo("1.0.0");

        TestPlugins.builder(TestPlugins.PLUGIN_ID, TestPlugins.TYPE).version("1.1.0").buildZip(pluginsDir);

        await().atMost(SOON).until(() -> "1.1.0".equals(typeVersion()));
        await().atMost(SOON).untilAsserted(() -> assertThat(host.plugins())
                .extracting(InstalledPlugin::version, InstalledPlugin::state)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("1.1.0", "STARTED"),
                        org.assertj.core.groups.Tuple.tuple("1.0.0", InstalledPlugin.REJECTED)));
        assertThat(host.plugins()).filteredOn(p -> p.version().equals("1.0.0")).singleElement()
                .satisfies(p -> assertThat(p.detail()).contains("shadowed by test-plugin-1.1.0.zip"));

        // removing the newer one brings the older one back
        Files.delete(pluginsDir.resolve("test-plugin-1.1.0.zip"));
        await().atMost(SOON).until(() -> "1.0.0".equals(typeVersion()));
    }

    @Test
    void aRefusedDropInIsListedWithItsReasonAndLoggedOnce() throws Exception {
        start(200);

        TestPlugins.builder("future", "FUTURE").requires(">=9.0.0").buildZip(pluginsDir);

        await().atMost(SOON).until(() -> host.plugins().stream().anyMatch(p -> p.state().equals("REJECTED")));
        Thread.sleep(1000); // several more scans
        assertThat(host.plugins()).singleElement().satisfies(p -> {
            // refused before its descriptor was accepted: listed by file name, the detail names the plugin
            assertThat(p.id()).isEqualTo("future-1.0.0.zip");
            assertThat(p.detail()).contains("plugin 'future'").contains("requires platform >=9.0.0");
        });
        assertThat(errors()).hasSize(1);
        assertThat(host.types()).isEmpty();
    }

    @Test
    void foldersAndHiddenFilesAreIgnored() throws Exception {
        Files.createDirectories(pluginsDir.resolve("kafka-integration/src/main/java"));
        Files.createDirectories(pluginsDir.resolve("looks-like.zip"));
        Files.copy(TestPlugins.build(builds), pluginsDir.resolve(".hidden.zip"));
        Files.writeString(pluginsDir.resolve("README.txt"), "not a plugin");
        start(200);

        Thread.sleep(800);

        assertThat(host.plugins()).isEmpty();
        assertThat(errors()).isEmpty();
    }

    @Test
    void theRescanFallbackWorksWithoutFileEvents() throws Exception {
        start(300);
        service.close(); // no watcher: only explicit rescans

        TestPlugins.build(pluginsDir);
        Thread.sleep(600);
        assertThat(host.types()).isEmpty();

        service.rescan();
        assertThat(host.type(TestPlugins.TYPE)).isPresent();
    }

    private List<String> errors() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
