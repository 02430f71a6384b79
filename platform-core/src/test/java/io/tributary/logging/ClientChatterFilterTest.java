package io.tributary.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the operator sees of a client library's logging, with the filter as logback.xml installs it. */
class ClientChatterFilterTest {
    private static final String CLIENT = "com.example.client";

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> seen = new ListAppender<>();

    @BeforeEach
    void configure() {
        context.setMDCAdapter(new LogbackMDCAdapter());
        ClientChatterFilter filter = new ClientChatterFilter();
        filter.setContext(context);
        filter.addClient(CLIENT);
        filter.start();
        context.addTurboFilter(filter);
        seen.setContext(context);
        seen.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(seen);
    }

    @Test
    void aClientsWarningsAndInfoAreNotShownAtTheDefaultLevel() {
        Logger network = context.getLogger(CLIENT + ".NetworkClient");
        for (int i = 0; i < 250; i++) {
            network.warn("Connection to node -1 (/127.0.0.1:{}) could not be established.", 9);
            network.info("Reconnecting");
        }
        assertThat(seen.list).isEmpty();
    }

    @Test
    void atDebugTheyAreAllThereAsDebugLines() {
        context.getLogger(CLIENT).setLevel(Level.DEBUG);
        Logger network = context.getLogger(CLIENT + ".NetworkClient");
        network.warn("Connection to node -1 (/127.0.0.1:{}) could not be established.", 9);
        network.info("Reconnecting", new IllegalStateException("refused"));
        assertThat(seen.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.DEBUG, Level.DEBUG);
        assertThat(seen.list.get(0).getFormattedMessage())
                .isEqualTo("Connection to node -1 (/127.0.0.1:9) could not be established.");
        assertThat(seen.list.get(0).getLoggerName()).isEqualTo(CLIENT + ".NetworkClient");
        assertThat(seen.list.get(1).getThrowableProxy().getMessage()).isEqualTo("refused");
    }

    @Test
    void eachDistinctErrorIsShownOnceThenItsRepeatsGoToDebug() {
        Logger network = context.getLogger(CLIENT + ".NetworkClient");
        for (int i = 0; i < 20; i++) {
            network.error("Connection to node 1 failed authentication due to: bad credentials");
            network.error("Uncaught error in the I/O thread", new IllegalStateException("boom"));
        }
        List<String> errors = seen.list.stream().filter(e -> e.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(errors).containsExactly("Connection to node 1 failed authentication due to: bad credentials",
                "Uncaught error in the I/O thread");

        context.getLogger(CLIENT).setLevel(Level.DEBUG);
        network.error("Connection to node 1 failed authentication due to: bad credentials");
        assertThat(seen.list).last().extracting(ILoggingEvent::getLevel).isEqualTo(Level.DEBUG);
    }

    @Test
    void withoutARepeatWindowEveryErrorIsShown() {
        ClientChatterFilter filter = (ClientChatterFilter) context.getTurboFilterList().get(0);
        filter.setErrorRepeatSeconds(0);
        Logger network = context.getLogger(CLIENT + ".NetworkClient");
        network.error("same");
        network.error("same");
        assertThat(seen.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.ERROR, Level.ERROR);
    }

    @Test
    void everyOtherLoggerIsLeftAlone() {
        context.getLogger("com.example.clientele").warn("a neighbour, not below the prefix");
        context.getLogger("io.tributary.broker.MqttBroker").warn("the platform's own warning");
        context.getLogger("io.tributary.broker.MqttBroker").info("and its info");
        context.getLogger("io.tributary.broker.MqttBroker").error("and its errors, repeated");
        context.getLogger("io.tributary.broker.MqttBroker").error("and its errors, repeated");
        assertThat(seen.list).extracting(ILoggingEvent::getLevel)
                .containsExactly(Level.WARN, Level.WARN, Level.INFO, Level.ERROR, Level.ERROR);
    }

    @Test
    void theDefaultConfigurationInstallsTheFilter() throws Exception {
        LoggerContext fresh = new LoggerContext();
        fresh.setMDCAdapter(new LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(fresh);
        configurator.doConfigure(getClass().getResource("/logback.xml"));
        ListAppender<ILoggingEvent> list = new ListAppender<>();
        list.setContext(fresh);
        list.start();
        fresh.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(list);

        fresh.getLogger("com.hivemq.client.internal.mqtt.handler.connect.MqttConnectHandler").warn("reconnecting");
        fresh.getLogger("io.tributary.Tributary").warn("shown");
        assertThat(fresh.getTurboFilterList()).hasOnlyElementsOfType(ClientChatterFilter.class).hasSize(1);
        assertThat(list.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("shown");
        fresh.stop();
    }
}
