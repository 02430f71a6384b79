package io.tributary.admin.ui;

import io.tributary.plugin.host.TestPlugins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Upload, disable, enable and delete a plugin from the Plugins page; a bad upload shows why. */
class PluginsUiTest {
    @TempDir
    Path dir;
    private UiPlatform ui;

    @BeforeEach
    void start() throws Exception {
        ui = UiPlatform.start(dir);
        ui.login();
    }

    @AfterEach
    void stop() {
        ui.close();
    }

    @Test
    void anOperatorManagesPluginsFromThePluginsPage() throws Exception {
        Path other = TestPlugins.build(Files.createDirectories(dir.resolve("upload")), "other-plugin", "OTHER");
        ui.go("/plugins");
        ui.find(By.id("plugin-file")).sendKeys(other.toAbsolutePath().toString());
        ui.find(By.id("plugin-upload")).click();
        String row = "tr[data-plugin-id='other-plugin']";
        ui.waitUntil(d -> d.findElement(By.id("notice")).getText().contains("installed"));
        assertThat(ui.find(By.cssSelector(row)).getText()).contains("STARTED").contains("OTHER");
        ui.screenshot("14-plugins-managed");

        ui.find(By.cssSelector(row + " button[aria-label='Disable other-plugin']")).click();
        ui.waitUntil(d -> d.findElement(By.cssSelector(row)).getText().contains("DISABLED"));
        ui.find(By.cssSelector(row + " button[aria-label='Enable other-plugin']")).click();
        ui.waitUntil(d -> d.findElement(By.cssSelector(row)).getText().contains("STARTED"));

        ui.find(By.cssSelector(row + " button[aria-label='Delete other-plugin']")).click();
        Alert confirm = new WebDriverWait(ui.driver, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
        confirm.accept();
        ui.waitUntil(d -> d.findElements(By.cssSelector(row)).isEmpty());

        Path junk = Files.writeString(dir.resolve("junk.zip"), "not a plugin");
        ui.find(By.id("plugin-file")).sendKeys(junk.toAbsolutePath().toString());
        ui.find(By.id("plugin-upload")).click();
        assertThat(ui.waitFor(By.id("plugin-error")).getText()).startsWith("Plugin refused:").contains("junk.zip");
        assertThat(ui.driver.findElements(By.cssSelector("tr[data-plugin-id]"))).hasSize(1);
    }
}
