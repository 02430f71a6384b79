package io.tributary.integration.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tributary.integration.events.EventRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An outage is one log line when it starts and one when it ends, whatever the plugin reports in between. */
class ConnectivityLogTest {
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final EventRecorder events = new EventRecorder(new MemoryEventSink());
    private final PluginContext context = new PluginContext("id-1", "orders", "HTTP", Map.of(), "node-1", events,
            null, null);
    private final Logger logger = (Logger) LoggerFactory.getLogger("integration.orders");

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
        events.close();
    }

    @Test
    void goingDownIsOneWarningAndComingBackOneInfoLine() {
        context.connectivity(true, "HTTP 200 from http://example.test/");
        for (int i = 0; i < 100; i++) {
            context.connectivity(false, "connection refused");
        }
        context.connectivity(true, "HTTP 200 from http://example.test/");
        context.connectivity(true, "HTTP 200 from http://example.test/");

        assertThat(logged.list).extracting(e -> e.getLevel() + " " + e.getFormattedMessage()).containsExactly(
                "INFO Integration 'orders' (HTTP): destination reachable: HTTP 200 from http://example.test/",
                "WARN Integration 'orders' (HTTP): destination unreachable: connection refused",
                "INFO Integration 'orders' (HTTP): destination reachable again: HTTP 200 from http://example.test/");
        assertThat(context.connected()).isTrue();
    }

    @Test
    void anIntegrationThatStartsDownWarnsOnceAndNotesANewReason() {
        context.connectivity(false, "connection refused");
        context.connectivity(false, "connection refused");
        context.connectivity(false, "authentication failed");
        context.connectivity(false, "authentication failed");

        assertThat(logged.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.INFO);
        assertThat(logged.list.get(1).getFormattedMessage())
                .isEqualTo("Integration 'orders' (HTTP): destination still unreachable: authentication failed");
        assertThat(context.connectivityDetail()).isEqualTo("authentication failed");
    }
}
