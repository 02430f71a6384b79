package io.tributary.integration.commons.connectivity;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.EventReporter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectivityStateTest {
    private final List<String> reported = new ArrayList<>();
    private final ConnectivityState state = new ConnectivityState(new EventReporter() {
        @Override
        public void error(String message, Throwable cause) {
        }

        @Override
        public void error(IntegrationMessage context, String message, Throwable cause) {
        }

        @Override
        public void connectivity(boolean connected, String detail) {
            reported.add(connected + " " + detail);
        }
    });

    @Test
    void aFloodOfOutcomesReportsOnlyTheChanges() {
        assertThat(state.isConnected()).isFalse();
        assertThat(state.connected("HTTP 200")).isTrue();
        assertThat(state.connected("HTTP 201")).isFalse();
        assertThat(state.disconnected("refused /a")).isTrue();
        assertThat(state.disconnected("refused /b")).as("per-message texts differ: no news").isFalse();
        assertThat(state.connected("HTTP 200")).isTrue();
        assertThat(state.isConnected()).isTrue();
        assertThat(reported).containsExactly("true HTTP 200", "false refused /a", "true HTTP 200");
    }

    @Test
    void probesReportANewReasonWhileDisconnected() {
        assertThat(state.disconnectedForNewReason("timeout")).isTrue();
        assertThat(state.disconnectedForNewReason("timeout")).isFalse();
        assertThat(state.disconnectedForNewReason("authentication failed")).isTrue();
        assertThat(reported).containsExactly("false timeout", "false authentication failed");
    }
}
