package io.tributary.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The two line formats: text after the pattern, JSON one object per line for log shippers. */
class LogEncoderTest {
    private final LoggerContext context = new LoggerContext();
    private final Logger logger;

    LogEncoderTest() {
        context.setMDCAdapter(new LogbackMDCAdapter());
        logger = context.getLogger("io.tributary.broker.MqttBroker");
    }

    @Test
    void jsonIsOneObjectPerLineWithLevelLoggerAndMessage() {
        LogEncoder encoder = encoder("json");
        LoggingEvent event = new LoggingEvent(Logger.FQCN, logger, Level.WARN,
                "Client {} said \"hi\"\nand more", new IllegalStateException("boom"), new Object[]{"c1"});
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
        JsonNode json = JsonMapper.builder().build().readTree(line);
        assertThat(json.get("level").asString()).isEqualTo("WARN");
        assertThat(json.get("loggerName").asString()).isEqualTo("io.tributary.broker.MqttBroker");
        assertThat(json.get("formattedMessage").asString()).isEqualTo("Client c1 said \"hi\"\nand more");
        assertThat(json.get("timestamp").asLong()).isEqualTo(event.getTimeStamp());
        assertThat(json.get("throwable").get("message").asString()).isEqualTo("boom");
        assertThat(json.has("message")).as("the raw pattern is left out").isFalse();
        assertThat(json.has("arguments")).as("the raw arguments are left out").isFalse();
    }

    @Test
    void textFollowsThePattern() {
        LogEncoder encoder = encoder("text");
        String line = new String(encoder.encode(new LoggingEvent(Logger.FQCN, logger, Level.INFO, "ready", null,
                null)), StandardCharsets.UTF_8);
        assertThat(line).isEqualTo("INFO io.tributary.broker.MqttBroker ready\n");
    }

    @Test
    void aStartedEncoderSwitchesFormat() {
        LogEncoder encoder = encoder("text");
        encoder.switchTo("json");
        String line = new String(encoder.encode(new LoggingEvent(Logger.FQCN, logger, Level.INFO, "ready", null,
                null)), StandardCharsets.UTF_8);
        assertThat(line).startsWith("{").contains("\"formattedMessage\":\"ready\"");
        assertThat(encoder.getFormat()).isEqualTo("json");
    }

    @Test
    void anUnknownFormatIsReportedAndWritesText() {
        LogEncoder encoder = encoder("xml");
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .anySatisfy(s -> assertThat(s.getMessage()).contains("format must be text or json, got 'xml'"));
        assertThat(encoder.getFormat()).isEqualTo("text");
    }

    private LogEncoder encoder(String format) {
        LogEncoder encoder = new LogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.setPattern("%level %logger %msg%n");
        encoder.start();
        return encoder;
    }
}
