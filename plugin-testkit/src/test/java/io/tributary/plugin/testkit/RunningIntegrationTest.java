package io.tributary.plugin.testkit;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.host.TestPluginProbe;
import io.tributary.plugin.host.TestPlugins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunningIntegrationTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        TestPluginProbe.reset();
    }

    @Test
    void runsTheLoadedPluginWithItsLoaderAsContextLoaderAndStopsOnClose() {
        PluginTestKit kit = PluginTestKit.forZip(TestPlugins.build(dir));
        IntegrationMessage message = IntegrationMessage.builder().topic("tbmq/x").payload(new byte[]{1}).qos(1).build();
        String id;
        try (RunningIntegration it = kit.start(Map.of("mode", "ok"))) {
            id = it.integrationId();
            assertThat(it.processAndWait(message, Duration.ofSeconds(5)).succeeded()).isTrue();
            assertThat(it.classLoader()).isNotSameAs(getClass().getClassLoader());
            assertThat(it.events().errors()).isEmpty();
        }
        assertThat(TestPluginProbe.messages(id)).containsExactly(message);
        // the plugin records a call made without its loader as context loader: there is none
        assertThat(TestPluginProbe.lifecycle(id)).containsExactly("create", "start", "stop");
    }

    @Test
    void anInvalidConfigurationIsRefusedBeforeAnythingStarts() {
        PluginTestKit kit = PluginTestKit.forZip(TestPlugins.build(dir));

        assertThatThrownBy(() -> kit.start(Map.of("mode", "sideways"))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("TEST: the configuration [mode] is not valid")
                .hasMessageContaining("field=mode");
        assertThat(TestPluginProbe.allMessages()).isEmpty();
    }
}
