package io.tributary.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's configuration table is the user's reference: every key must be in it. */
class ConfigDocumentationTest {
    @Test
    void readmeDocumentsEveryConfigurationKey() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(readme).as("README row for %s", key.key()).contains("| `" + key.key() + "` |");
        }
    }
}
