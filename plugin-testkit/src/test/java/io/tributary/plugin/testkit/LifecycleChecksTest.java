package io.tributary.plugin.testkit;

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

class LifecycleChecksTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        TestPluginProbe.reset();
    }

    @Test
    void theTestPluginStopsWithoutStartTwiceAndAgainOnANewInstance() {
        PluginTestKit.forZip(TestPlugins.build(dir)).validConfig(Map.of("mode", "ok")).assertStartStopIdempotent();

        assertThat(TestPluginProbe.allMessages()).isEmpty();
    }

    @Test
    void stopThatNeedsStartFails() {
        PluginTestKit kit = PluginTestKit.forZip(BrokenPlugins.stopNeedsStart(dir));

        assertThatThrownBy(kit::assertStartStopIdempotent).isInstanceOf(AssertionError.class)
                .hasMessageContaining("STOP_NEEDS_START: stop() on an integration that was never started threw "
                        + "java.lang.NullPointerException")
                .hasMessageContaining("The platform calls stop() after start() threw");
    }

    @Test
    void aSecondStopThatThrowsFails() {
        PluginTestKit kit = PluginTestKit.forZip(BrokenPlugins.stopTwiceThrows(dir));

        assertThatThrownBy(kit::assertStartStopIdempotent).isInstanceOf(AssertionError.class)
                .hasMessageContaining("STOP_TWICE: stop() called a second time threw "
                        + "java.lang.IllegalStateException: already stopped")
                .hasMessageContaining("stop() must be idempotent");
    }

    @Test
    void stateSharedAcrossInstancesFails() {
        PluginTestKit kit = PluginTestKit.forZip(BrokenPlugins.staticState(dir));

        assertThatThrownBy(kit::assertStartStopIdempotent).isInstanceOf(AssertionError.class)
                .hasMessageContaining("STATIC_STATE: start() with the valid configuration threw "
                        + "java.lang.IllegalStateException: already running")
                .hasMessageContaining("a new instance started after the previous one stopped");
    }

    @Test
    void aStartThatFailsOrPreventsOrHangsFailsWithTheReason() {
        PluginTestKit kit = PluginTestKit.forZip(TestPlugins.build(dir)).callTimeout(Duration.ofMillis(500));

        assertThatThrownBy(() -> kit.validConfig(Map.of("mode", "failStart", "failureMessage", "no broker"))
                .assertStartStopIdempotent())
                .hasMessageContaining("TEST: start() with the valid configuration threw "
                        + "java.lang.IllegalStateException: no broker");
        assertThatThrownBy(() -> kit.validConfig(Map.of("mode", "preventStart", "failureMessage", "bad credentials"))
                .assertStartStopIdempotent())
                .hasMessageContaining("TEST: start() with the valid configuration prevented the start: bad credentials");
        assertThatThrownBy(() -> kit.validConfig(Map.of("mode", "blockStart")).assertStartStopIdempotent())
                .hasMessageContaining("TEST: start() did not return within 500 ms")
                .hasMessageContaining("at io.tributary.testplugin.TestIntegration.start");
    }
}
