package io.tributary.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void createsTheFileAndItsDirectoryAndAppliesEveryMigration() {
        Path file = dir.resolve("nested/data/tributary.db");
        try (Database db = Database.open(file)) {
            assertThat(file).exists();
            int latest = new Migrations().steps().get(new Migrations().steps().size() - 1).version();
            assertThat(db.schemaVersion()).isEqualTo(latest);
            assertThat(tables(db)).contains("integrations", "events", "settings", "schema_version");
        }
    }

    @Test
    void usesWriteAheadLogging() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            String mode = db.jdbi().withHandle(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
            assertThat(mode).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void reopeningDoesNotApplyMigrationsTwice() {
        Path file = dir.resolve("t.db");
        Database.open(file).close();
        try (Database db = Database.open(file)) {
            int rows = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM schema_version")
                    .mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(new Migrations().steps().size());
        }
    }

    @Test
    void refusesADatabaseFromANewerVersion() {
        Path file = dir.resolve("t.db");
        try (Database db = Database.open(file)) {
            db.jdbi().useHandle(h -> h.execute(
                    "INSERT INTO schema_version (version, description, applied_time) VALUES (999, 'future', 0)"));
        }
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("999");
    }

    @Test
    void closedDatabaseCannotBeUsed() throws Exception {
        Database db = Database.open(dir.resolve("t.db"));
        db.close();
        assertThatThrownBy(db::jdbi).isInstanceOf(IllegalStateException.class);
        assertThat(Files.size(dir.resolve("t.db"))).isPositive();
    }

    private static java.util.List<String> tables(Database db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT name FROM sqlite_master WHERE type = 'table'")
                .mapTo(String.class).list());
    }
}
