package io.tributary.plugin.testkit;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.host.TestPluginProbe;
import io.tributary.plugin.host.TestPlugins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessChecksTest {
    @TempDir
    static Path dir;
    static Path zip;

    @BeforeAll
    static void build() {
        zip = TestPlugins.build(dir);
    }

    @AfterEach
    void reset() {
        TestPluginProbe.reset();
    }

    private static PluginTestKit kit(String mode) {
        return PluginTestKit.forZip(zip).validConfig(Map.of("mode", mode, "delayMs", 50));
    }

    @Test
    void everySampleMessageIsDeliveredAndReported() {
        List<ProcessResult> results = kit("ok").assertProcessSucceeds(Duration.ofSeconds(5));

        assertThat(results).hasSize(3).allMatch(ProcessResult::succeeded);
        assertThat(TestPluginProbe.allMessages()).extracting(IntegrationMessage::topic)
                .containsExactlyInAnyOrderElementsOf(SampleMessages.defaults().stream().map(IntegrationMessage::topic).toList());
    }

    @Test
    void aStageCompletedLaterOnAnotherThreadCounts() {
        assertThat(kit("slow").assertProcessSucceeds(Duration.ofSeconds(5)))
                .allSatisfy(r -> assertThat(r.took()).isGreaterThanOrEqualTo(Duration.ofMillis(40)));
    }

    @Test
    void failuresCompleteTheStageSoAssertProcessCompletesPasses() {
        assertThat(kit("failProcess").assertProcessCompletes(Duration.ofSeconds(5)))
                .allSatisfy(r -> assertThat(r.failure()).hasMessage("requested by test"));
        assertThat(kit("throwProcess").assertProcessCompletes(Duration.ofSeconds(5)))
                .allSatisfy(r -> assertThat(r.failure()).isInstanceOf(IllegalStateException.class));
        assertThat(kit("permanentFailure").assertProcessCompletes(Duration.ofSeconds(5)))
                .allMatch(ProcessResult::permanent);
    }

    @Test
    void failuresFailAssertProcessSucceeds() {
        assertThatThrownBy(() -> kit("failProcess").assertProcessSucceeds(Duration.ofSeconds(5)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("TEST: process() failed")
                .hasMessageContaining("tbmq/devices/sensor-1/telemetry -> failed: java.lang.IllegalStateException");
    }

    @Test
    void aStageThatNeverCompletesFails() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> kit("neverComplete").assertProcessCompletes(Duration.ofMillis(300)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("TEST: process() did not complete its stage within 300 ms")
                .hasMessageContaining("tbmq/devices/sensor-1/telemetry");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aProcessThatBlocksTheCallingThreadFails() {
        PluginTestKit kit = kit("block").callTimeout(Duration.ofMillis(300));

        assertThatThrownBy(() -> kit.assertProcessCompletes(Duration.ofSeconds(5)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("TEST: process() did not return within 300 ms")
                .hasMessageContaining("process() must return at once");
    }
}
