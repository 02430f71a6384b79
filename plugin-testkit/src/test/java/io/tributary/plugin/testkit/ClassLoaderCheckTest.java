package io.tributary.plugin.testkit;

import io.tributary.plugin.host.TestPluginProbe;
import io.tributary.plugin.host.TestPlugins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassLoaderCheckTest {
    @TempDir
    Path dir;

    @AfterEach
    void releasePins() {
        System.getProperties().keySet().removeIf(k -> k.toString().startsWith(BrokenPlugins.PIN_PREFIX));
        TestPluginProbe.setMode(BrokenPlugins.RELEASE_LEAKS, "release");
        TestPluginProbe.reset();
    }

    @Test
    void theTestPluginsLoaderIsFreedAfterUnload() {
        PluginTestKit.forZip(TestPlugins.build(dir)).validConfig(Map.of("mode", "ok"))
                .assertClassLoaderReleased(Duration.ofSeconds(20));
    }

    @Test
    void anInstanceLeftInAJdkRegistryPinsTheLoaderAndFails() {
        PluginTestKit kit = PluginTestKit.forZip(BrokenPlugins.pinsClassLoader(dir));

        assertThatThrownBy(() -> kit.assertClassLoaderReleased(Duration.ofSeconds(2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("PINNING: the plugin's class loader was not freed within 2000 ms of unloading it")
                .hasMessageContaining("Common causes");
    }

    @Test
    void aRunningThreadPinsTheLoaderAndIsNamed() {
        PluginTestKit kit = PluginTestKit.forZip(BrokenPlugins.leaksThread(dir));

        assertThatThrownBy(() -> kit.assertClassLoaderReleased(Duration.ofSeconds(2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("LEAKY: the plugin's class loader was not freed")
                .hasMessageContaining("Threads still holding it:")
                .hasMessageContaining("\"leaky-poller\"");
    }
}
