package io.tributary.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsRepositoryTest {
    @TempDir
    Path dir;

    @Test
    void storesReplacesAndRemovesValues() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            SettingsRepository settings = new SettingsRepository(db);
            assertThat(settings.get("k")).isEmpty();
            settings.put("k", "1");
            settings.put("k", "2");
            assertThat(settings.get("k")).contains("2");
            assertThat(settings.remove("k")).isTrue();
            assertThat(settings.get("k")).isEmpty();
        }
    }

    @Test
    void putIfAbsentKeepsTheFirstValue() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            SettingsRepository settings = new SettingsRepository(db);
            assertThat(settings.putIfAbsent("k", "first")).isEqualTo("first");
            assertThat(settings.putIfAbsent("k", "second")).isEqualTo("first");
        }
    }
}
