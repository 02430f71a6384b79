package io.tributary.dist;

import io.tributary.config.ConfigKey;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped conf/tributary.properties documents every key with its default, commented out. */
class DistributionConfigTest {
    private static final Path CONF = Path.of(System.getProperty("dist.sources", "src/dist"), "conf",
            "tributary.properties");

    @Test
    void everyKeyIsListedWithItsDefaultAndADescription() throws Exception {
        String conf = Files.readString(CONF);
        for (ConfigKey key : ConfigKey.values()) {
            String line = "#" + key.key() + "=" + key.defaultValue() + "\n";
            assertThat(conf).as("line for %s", key.key()).contains(line);
            assertThat(conf).as("description above %s", key.key())
                    .contains("# " + key.description() + "\n" + line);
        }
    }

    @Test
    void nothingIsSetSoTheDefaultsApply() throws Exception {
        assertThat(Files.readAllLines(CONF)).allMatch(l -> l.isBlank() || l.startsWith("#"));
    }
}
