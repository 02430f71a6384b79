package io.tributary.admin.ui;

import io.tributary.admin.auth.AdminCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Login, logout and password change in a real browser. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginUiTest {
    UiPlatform ui;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        ui = UiPlatform.start(dir);
    }

    @AfterAll
    void stop() {
        if (ui != null) {
            ui.close();
        }
    }

    @Test
    void pagesNeedALoginAndLogoutEndsTheSessionAndThePasswordCanBeChanged() {
        ui.go("/integrations/new");
        ui.waitFor(By.id("login-form"));
        assertThat(ui.driver.getCurrentUrl()).contains("/login?next=");
        assertThat(ui.driver.getTitle()).isEqualTo("Log in · Tributary");
        ui.screenshot("01-login");

        ui.type(By.id("password"), "wrong-password");
        ui.find(By.id("login-submit")).click();
        assertThat(ui.waitFor(By.id("login-error")).getText()).isEqualTo("Wrong user name or password.");
        assertThat(ui.find(By.id("username")).getAttribute("value")).isEqualTo("admin");

        ui.type(By.id("password"), UiPlatform.PASSWORD);
        ui.find(By.id("login-submit")).click();
        ui.waitFor(By.id("wizard-form"));
        assertThat(ui.driver.getCurrentUrl()).as("back where the user was going").endsWith("/integrations/new");

        // password change: wrong current password, mismatch, then success
        ui.go("/account/password");
        ui.type(By.id("currentPassword"), "not-it");
        ui.type(By.id("newPassword"), "a-new-password");
        ui.type(By.id("confirmPassword"), "a-new-password");
        ui.find(By.id("change-password")).click();
        assertThat(ui.waitFor(By.id("err-currentPassword")).getText()).contains("not correct");
        assertThat(ui.find(By.id("currentPassword")).getAttribute("aria-invalid")).isEqualTo("true");

        ui.type(By.id("currentPassword"), UiPlatform.PASSWORD);
        ui.type(By.id("newPassword"), "short");
        ui.type(By.id("confirmPassword"), "short");
        ui.find(By.id("change-password")).click();
        assertThat(ui.waitFor(By.id("err-newPassword")).getText()).contains("at least");
        ui.screenshot("09-change-password");

        ui.type(By.id("currentPassword"), UiPlatform.PASSWORD);
        ui.type(By.id("newPassword"), "a-new-password");
        ui.type(By.id("confirmPassword"), "a-new-password");
        ui.find(By.id("change-password")).click();
        assertThat(ui.waitFor(By.id("notice")).getText()).startsWith("Password changed");
        assertThat(ui.platform.settings().get(AdminCredentials.PASSWORD_SETTING)).get().asString()
                .startsWith("pbkdf2-sha256:").doesNotContain("a-new-password");

        // logout: back to the login page, pages refused again
        ui.find(By.id("account-menu")).click();
        ui.find(By.id("logout")).click();
        ui.waitFor(By.id("login-form"));
        ui.go("/plugins");
        ui.waitFor(By.id("login-form"));

        ui.type(By.id("password"), UiPlatform.PASSWORD);
        ui.find(By.id("login-submit")).click();
        assertThat(ui.waitFor(By.id("login-error")).getText()).as("old password no longer works").contains("Wrong");
        ui.type(By.id("password"), "a-new-password");
        ui.find(By.id("login-submit")).click();
        ui.waitFor(By.id("plugins-table"));
        assertThat(ui.driver.getCurrentUrl()).endsWith("/plugins");
    }
}
