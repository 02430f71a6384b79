package io.tributary.admin.auth;

import io.tributary.storage.Database;
import io.tributary.storage.SettingsRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminCredentialsTest {
    @TempDir
    Path dir;

    @Test
    void configuredPasswordIsUsedAndNothingIsStored() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            SettingsRepository settings = new SettingsRepository(db);
            AdminCredentials c = new AdminCredentials(settings, "admin", "configured-pw", p -> {
                throw new AssertionError("nothing to announce");
            });
            assertThat(c.verify("admin", "configured-pw")).isTrue();
            assertThat(c.verify("admin", "configured-pw")).as("cached after the first check").isTrue();
            assertThat(c.verify("admin", "wrong")).isFalse();
            assertThat(c.verify("root", "configured-pw")).isFalse();
            assertThat(c.verify(null, null)).isFalse();
            assertThat(settings.get(AdminCredentials.PASSWORD_SETTING)).isEmpty();
        }
    }

    @Test
    void generatedPasswordIsAnnouncedOnceAndOnlyItsHashIsStored() {
        List<String> announced = new ArrayList<>();
        try (Database db = Database.open(dir.resolve("t.db"))) {
            SettingsRepository settings = new SettingsRepository(db);
            AdminCredentials first = new AdminCredentials(settings, null, "  ", announced::add);
            assertThat(first.username()).isEqualTo("admin");
            assertThat(announced).hasSize(1);
            String password = announced.get(0);
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            assertThat(first.verify("admin", password)).isTrue();

            String stored = settings.get(AdminCredentials.PASSWORD_SETTING).orElseThrow();
            assertThat(stored).startsWith("pbkdf2-sha256:").doesNotContain(password);
        }
        // next start: same file, still no configured password
        try (Database db = Database.open(dir.resolve("t.db"))) {
            AdminCredentials again = new AdminCredentials(new SettingsRepository(db), "admin", null, announced::add);
            assertThat(announced).as("announced only once").hasSize(1);
            assertThat(again.verify("admin", announced.get(0))).isTrue();
            assertThat(again.verify("admin", "guess")).isFalse();
        }
    }

    @Test
    void hashesAreSalted() {
        String a = PasswordHash.hash("same", 1000);
        String b = PasswordHash.hash("same", 1000);
        assertThat(a).isNotEqualTo(b);
        assertThat(PasswordHash.verify("same", a)).isTrue();
        assertThat(PasswordHash.verify("other", a)).isFalse();
    }

    @Test
    void aChangedPasswordIsStoredHashedAndSurvivesARestart() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            SettingsRepository settings = new SettingsRepository(db);
            AdminCredentials c = new AdminCredentials(settings, "admin", "configured-pw", p -> { });
            assertThatThrownBy(() -> c.changePassword("wrong", "long-enough"))
                    .isInstanceOfSatisfying(AdminCredentials.PasswordChangeException.class,
                            e -> assertThat(e.field()).isEqualTo("currentPassword"));
            assertThatThrownBy(() -> c.changePassword("configured-pw", "short"))
                    .isInstanceOfSatisfying(AdminCredentials.PasswordChangeException.class,
                            e -> assertThat(e.field()).isEqualTo("newPassword"));

            c.changePassword("configured-pw", "changed-password");
            assertThat(c.verify("admin", "changed-password")).isTrue();
            assertThat(c.verify("admin", "configured-pw")).isFalse();
            assertThat(settings.get(AdminCredentials.PASSWORD_SETTING)).get().asString()
                    .startsWith("pbkdf2-sha256:").doesNotContain("changed-password");

            // restart with the same configured password: the change holds
            AdminCredentials again = new AdminCredentials(settings, "admin", "configured-pw", p -> { });
            assertThat(again.verify("admin", "changed-password")).isTrue();
            assertThat(again.verify("admin", "configured-pw")).isFalse();

            // a different configured password resets it (how a lost password is recovered)
            AdminCredentials reset = new AdminCredentials(settings, "admin", "recovery-pw", p -> { });
            assertThat(reset.verify("admin", "recovery-pw")).isTrue();
            assertThat(reset.verify("admin", "changed-password")).isFalse();
        }
    }

    @Test
    void aChangedGeneratedPasswordSurvivesARestart() {
        List<String> announced = new ArrayList<>();
        try (Database db = Database.open(dir.resolve("t.db"))) {
            SettingsRepository settings = new SettingsRepository(db);
            AdminCredentials first = new AdminCredentials(settings, null, null, announced::add);
            first.changePassword(announced.get(0), "my-own-password");
            AdminCredentials again = new AdminCredentials(settings, null, null, announced::add);
            assertThat(again.verify("admin", "my-own-password")).isTrue();
            assertThat(announced).hasSize(1);
        }
    }
}
