package io.tributary.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table is the user's reference: every key has a row with its default
 * and exactly what it accepts as declared in {@link ConfigKey}.
 */
class ConfigDocumentationTest {
    @Test
    void readmeDocumentsEveryConfigurationKeyWithItsDefaultAndWhatItAccepts() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = readme.substring(readme.indexOf("| key | default | accepts | meaning |"));
        for (ConfigKey key : ConfigKey.values()) {
            Optional<String> row = table.lines().filter(l -> l.startsWith("| `" + key.key() + "` |")).findFirst();
            assertThat(row).as("README row for %s", key.key()).isPresent();
            String[] cells = row.get().split(" \\| ");
            assertThat(cells).as("columns of %s", key.key()).hasSizeGreaterThanOrEqualTo(4);
            if (!key.defaultValue().isEmpty()) {
                assertThat(cells[1]).as("default of %s", key.key()).isEqualTo("`" + key.defaultValue() + "`");
            }
            assertThat(cells[2]).as("what %s accepts", key.key()).isEqualTo(key.type().description());
        }
    }
}
