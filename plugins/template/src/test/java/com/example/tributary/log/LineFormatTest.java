package com.example.tributary.log;

import io.tributary.plugin.api.message.IntegrationMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Unit tests run by surefire in `test`: plain Java, no zip, no platform. */
class LineFormatTest {
    private static final IntegrationMessage MESSAGE = IntegrationMessage.builder().topic("tbmq/dev/1")
            .payload("{\"t\":21.5}".getBytes(StandardCharsets.UTF_8)).qos(1).retain(true).clientId("dev-1").build();

    @Test
    void everyPlaceholderIsReplaced() {
        LineFormat format = new LineFormat("{clientId} {topic} {qos} {retain} {bytes} {payload}", 100);

        assertThat(format.render(MESSAGE)).isEqualTo("dev-1 tbmq/dev/1 1 true 10 {\"t\":21.5}");
    }

    @Test
    void longPayloadsAreCut() {
        assertThat(new LineFormat("{payload}", 4).render(MESSAGE)).isEqualTo("{\"t\"...");
        assertThat(new LineFormat("[{payload}]", 0).render(MESSAGE)).isEqualTo("[...]");
    }

    @Test
    void replacementCharactersInValuesAreTakenLiterally() {
        IntegrationMessage dollars = IntegrationMessage.builder().topic("a/$1/\\b").build();

        assertThat(new LineFormat("{topic}", 10).render(dollars)).isEqualTo("a/$1/\\b");
    }

    @Test
    void unknownPlaceholdersAreListed() {
        assertThat(LineFormat.unknownPlaceholders("{topic} {nope} {payload} {Topic}")).containsExactly("{nope}", "{Topic}");
        assertThat(LineFormat.unknownPlaceholders("no placeholders, {} is text")).containsExactly("{}");
    }
}
