package com.example.tributary.log;

import io.tributary.plugin.api.config.FieldError;
import io.tributary.plugin.testkit.PluginTestKit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test kit's checks against the zip `mvn package` built (failsafe passes its path as the
 * system property plugin.zip). Each check loads the zip with the platform's real plugin host.
 */
class LogPluginKitIT {
    private final PluginTestKit kit = PluginTestKit.forZip(PluginTestKit.builtZip())
            .type(LogIntegrationPlugin.TYPE)
            .validConfig(Map.of("format", "{topic}: {payload}", "summarySeconds", 1));

    @Test
    void schemaIsWellFormedAndDefaultsAreValid() {
        kit.assertSchemaWellFormed();
        assertThat(kit.assertValid(Map.of()).asMap())
                .containsEntry("format", "{clientId} -> {topic}: {payload}")
                .containsEntry("payloadLimit", 256L)
                .containsEntry("summarySeconds", 60L);
    }

    @Test
    void invalidValuesAreReportedOnTheirFields() {
        kit.assertInvalid(Map.of("payloadLimit", -1), "payloadLimit");
        kit.assertInvalid(Map.of("summarySeconds", 3601, "payloadLimit", "many"), "summarySeconds", "payloadLimit");
        FieldError byValidate = kit.assertInvalid(Map.of("format", "{topic} {temperature}"), "format").get(0);
        assertThat(byValidate.message()).startsWith("unknown placeholder {temperature}");
    }

    @Test
    void startAndStopAreIdempotent() {
        kit.assertStartStopIdempotent();
    }

    @Test
    void everyMessageIsProcessedAtOnce() {
        kit.assertProcessSucceeds(Duration.ofSeconds(2));
    }

    @Test
    void theSummaryThreadEndsWithStop() {
        kit.assertNoThreadLeak(Duration.ofSeconds(2));
    }

    @Test
    void theClassLoaderIsFreedAfterUnload() {
        kit.assertClassLoaderReleased(Duration.ofSeconds(20));
    }
}
