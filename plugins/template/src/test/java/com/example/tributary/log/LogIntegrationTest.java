package com.example.tributary.log;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.testkit.KitContext;
import io.tributary.plugin.testkit.RecordedEvents;
import io.tributary.plugin.testkit.RunningIntegration;
import io.tributary.plugin.testkit.SampleMessages;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests of the integration with the test kit's fixtures, no zip needed (surefire, in `test`):
 * {@link RunningIntegration#start} validates the configuration against the schema and
 * {@code validate}, then creates and starts the integration with a {@link KitContext} that
 * records what it reports.
 */
class LogIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void startsReportsConnectedAndProcessesEachMessage() {
        KitContext context = new KitContext(LogIntegrationPlugin.TYPE, Map.of("site", "lab")).named("sensors");
        try (RunningIntegration it = RunningIntegration.start(new LogIntegrationPlugin(),
                Map.of(LogIntegrationPlugin.FORMAT, "{clientId} {topic}: {payload}"), context)) {
            it.deliver(SampleMessages.temperature("tbmq/dev/1"), WAIT);
            for (IntegrationMessage m : SampleMessages.defaults()) {
                it.deliver(m, WAIT);
            }
            assertThat(it.events().lastConnectivity()).hasValueSatisfying(c -> {
                assertThat(c.connected()).isTrue();
                assertThat(c.detail()).isEqualTo("logging to integration.sensors");
            });
            assertThat(it.events().errors()).isEmpty();
        }
    }

    @Test
    void stopMayBeCalledTwice() {
        try (RunningIntegration it = RunningIntegration.start(new LogIntegrationPlugin(), Map.of())) {
            it.stop();
            it.stop();
            assertThat(it.events().connectivity()).extracting(RecordedEvents.Connectivity::connected)
                    .containsExactly(true);
        }
    }
}
