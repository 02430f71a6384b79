package io.tributary.plugin.testkit;

import io.tributary.plugin.api.config.FieldError;
import io.tributary.plugin.host.TestPlugins;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaChecksTest {
    @TempDir
    static Path dir;
    static PluginTestKit testPlugin;

    @BeforeAll
    static void buildTestPlugin() {
        testPlugin = PluginTestKit.forZip(TestPlugins.build(dir)).type(TestPlugins.TYPE).validConfig(Map.of("mode", "ok"));
    }

    @Test
    void theTestPluginsSchemaIsWellFormed() {
        testPlugin.assertSchemaWellFormed();
    }

    @Test
    void aDefaultBelowItsOwnMinimumFails() {
        PluginTestKit kit = PluginTestKit.forZip(BrokenPlugins.defaultBelowMin(dir));

        assertThatThrownBy(kit::assertSchemaWellFormed).isInstanceOf(AssertionError.class)
                .hasMessageContaining("BAD_DEFAULT: the configuration schema is not well-formed")
                .hasMessageContaining("field 'port': default 5 is invalid");
    }

    @Test
    void everySchemaDefectIsReportedAtOnce() {
        PluginTestKit kit = PluginTestKit.forZip(BrokenPlugins.badSchema(dir));

        assertThatThrownBy(kit::assertSchemaWellFormed).isInstanceOf(AssertionError.class)
                .hasMessageContaining("field 'url': pattern is not a regular expression")
                .hasMessageContaining("field 'size': min 10 is greater than max 5")
                .hasMessageContaining("field 'auth': default \"token\" is invalid")
                .hasMessageContaining("field 'user': visible when 'auth' is bsaic, which that field can never be");
    }

    @Test
    void validConfigurationsPassAndComeBackWithDefaults() {
        assertThat(testPlugin.assertValid(Map.of("mode", "slow")).asMap())
                .containsEntry("mode", "slow").containsEntry("delayMs", 100L).containsEntry("port", 1883L);
    }

    @Test
    void aValidConfigurationThatIsRejectedFails() {
        assertThatThrownBy(() -> testPlugin.assertValid(Map.of("mode", "slow", "delayMs", 0)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("is not valid").hasMessageContaining("delayMs");
    }

    @Test
    void schemaAndPluginErrorsLandOnTheExpectedFields() {
        List<FieldError> bySchema = testPlugin.assertInvalid(Map.of("port", 0, "endpoint", "nope"), "port", "endpoint");
        assertThat(bySchema).extracting(FieldError::field).containsExactlyInAnyOrder("port", "endpoint");

        // the schema accepts it; the plugin's validate() does not
        List<FieldError> byPlugin = testPlugin.assertInvalid(Map.of("mode", "slow", "delayMs", 0), "delayMs");
        assertThat(byPlugin).singleElement().extracting(FieldError::message)
                .isEqualTo("must be greater than 0 when mode is slow");
    }

    @Test
    void aNullChangeRemovesTheFieldSoItsDefaultApplies() {
        Map<String, Object> removeMode = new HashMap<>();
        removeMode.put("mode", null);

        // mode is required but has a default: without it the configuration is still valid
        assertThatThrownBy(() -> testPlugin.assertInvalid(removeMode, "mode")).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("expected errors on [mode] but {} was accepted");
    }

    @Test
    void anAcceptedConfigurationFailsAssertInvalid() {
        assertThatThrownBy(() -> testPlugin.assertInvalid(Map.of("port", 1884), "port"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("TEST: expected errors on [port] but {mode=ok, port=1884} was accepted");
    }

    @Test
    void anErrorOnAnotherFieldFailsAssertInvalid() {
        assertThatThrownBy(() -> testPlugin.assertInvalid(Map.of("port", 0), "tls"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("expected errors on [tls]")
                .hasMessageContaining("FieldError[field=port")
                .satisfies(e -> {
                    AssertionFailedError failure = (AssertionFailedError) e;
                    assertThat(failure.getExpected().getStringRepresentation()).isEqualTo("[tls]");
                    assertThat(failure.getActual().getStringRepresentation()).isEqualTo("[port]");
                });
    }

    @Test
    void aZipWithoutTheTypeFailsWithWhatItProvides() {
        PluginTestKit kit = PluginTestKit.forZip(TestPlugins.build(dir.resolve("other"))).type("KAFKA");

        assertThatThrownBy(kit::assertSchemaWellFormed).isInstanceOf(AssertionError.class)
                .hasMessageContaining("provides no integration type 'KAFKA'; it provides [TEST]");
    }

    @Test
    void aZipForAnotherPlatformVersionFailsWithTheHostsReason() {
        Path zip = TestPlugins.builder("future-plugin", "FUTURE").requires(">=9.0.0").buildZip(dir.resolve("future"));

        assertThatThrownBy(() -> PluginTestKit.forZip(zip).assertSchemaWellFormed())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("The plugin host could not load future-plugin-1.0.0.zip")
                .hasMessageContaining("The plugin host logged:");
    }

    @Test
    void aMissingZipFailsClearly() {
        assertThatThrownBy(() -> PluginTestKit.forZip(dir.resolve("absent.zip")).assertSchemaWellFormed())
                .isInstanceOf(AssertionError.class).hasMessageContaining("absent.zip does not exist");
    }
}
