package io.tributary.admin.ui;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator manages MQTT users and ACL rules on the MQTT clients page, tests a topic as a
 * user, and sees a device's last connect; bad input is explained on the page.
 */
class MqttClientsUiTest {
    @TempDir
    Path dir;
    private UiPlatform ui;

    @BeforeEach
    void start() throws Exception {
        ui = UiPlatform.start(dir, Map.of("auth.anonymous", "false", "auth.acl.default", "deny"));
        ui.login();
    }

    @AfterEach
    void stop() {
        ui.close();
    }

    @Test
    void anOperatorManagesUsersFromTheMqttClientsPage() throws Exception {
        ui.go("/integrations");
        ui.find(By.id("nav-mqtt")).click();
        ui.waitUntil(d -> d.getCurrentUrl().endsWith("/mqtt"));

        ui.type(By.id("user-name"), "pump-7");
        ui.type(By.id("user-password"), "short");
        // the browser's own minlength check would stop the form: switch it off to see the server's answer
        ((org.openqa.selenium.JavascriptExecutor) ui.driver).executeScript(
                "document.getElementById('user-password').removeAttribute('minlength')");
        ui.find(By.id("user-create")).click();
        assertThat(ui.waitFor(By.id("mqtt-error")).getText()).contains("password must be at least 8 characters");
        assertThat(ui.driver.getPageSource()).doesNotContain("value=\"short\"");

        ui.type(By.id("user-name"), "pump-7");
        ui.type(By.id("user-password"), "pump-password-1");
        ui.type(By.id("user-pattern"), "%u*");
        ui.find(By.id("user-create")).click();
        ui.waitUntil(d -> d.findElement(By.id("notice")).getText().contains("created"));
        String row = "tr[data-user='pump-7']";
        assertThat(ui.find(By.cssSelector(row)).getText()).contains("enabled").contains("%u*").contains("never");

        // the device connects: its last connect shows
        connect("pump-7", "pump-password-1", "pump-7-a");
        ui.go("/mqtt");
        assertThat(ui.find(By.cssSelector(row + " .last-connect")).getText()).contains("UTC");

        WebElement pw = ui.find(By.cssSelector(row + " input[name='password']"));
        pw.sendKeys("pump-password-2");
        ui.find(By.cssSelector(row + " button[aria-label='Change password of pump-7']")).click();
        ui.waitUntil(d -> d.findElement(By.id("notice")).getText().contains("Password of 'pump-7' changed"));
        connect("pump-7", "pump-password-2", "pump-7-b");

        ui.find(By.cssSelector(row + " button[aria-label='Disable pump-7']")).click();
        ui.waitUntil(d -> d.findElement(By.cssSelector(row)).getText().contains("disabled"));
        ui.find(By.cssSelector(row + " button[aria-label='Enable pump-7']")).click();
        ui.waitUntil(d -> d.findElement(By.cssSelector(row)).getText().contains("enabled"));
        ui.screenshot("20-mqtt-users");

        ui.find(By.cssSelector(row + " button[aria-label='Delete pump-7']")).click();
        Alert confirm = new WebDriverWait(ui.driver, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
        confirm.accept();
        ui.waitUntil(d -> d.findElements(By.cssSelector(row)).isEmpty());
    }

    @Test
    void anOperatorOrdersAclRulesAndTestsATopic() {
        ui.go("/mqtt");
        addRule("allow", "all", "", "devices/%u/#");
        addRule("deny", "publish", "pump-7", "devices/pump-7/firmware");
        assertThat(topics()).containsExactly("devices/%u/#", "devices/pump-7/firmware");

        testTopic("pump-7", "publish", "devices/pump-7/firmware");
        assertThat(ui.find(By.id("test-result")).getText()).contains("may publish").contains("rule #1");

        // move the deny above the allow: now it decides
        ui.find(By.cssSelector("button[aria-label='Move rule 2 up']")).click();
        ui.waitUntil(d -> d.findElement(By.id("notice")).getText().contains("moved up"));
        assertThat(topics()).containsExactly("devices/pump-7/firmware", "devices/%u/#");
        testTopic("pump-7", "publish", "devices/pump-7/firmware");
        assertThat(ui.find(By.id("test-result")).getText()).contains("may not publish").contains("rule #1");
        testTopic("pump-7", "subscribe", "devices/other/#");
        assertThat(ui.find(By.id("test-result")).getText()).contains("may not subscribe").contains("the default (deny)");
        ui.screenshot("21-mqtt-acl");

        ui.type(By.id("rule-topic"), "a/#/b");
        ui.find(By.id("rule-create")).click();
        assertThat(ui.waitFor(By.id("mqtt-error")).getText()).contains("topic is not a valid topic filter");

        ui.find(By.cssSelector("button[aria-label='Delete rule 1']")).click();
        new WebDriverWait(ui.driver, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
        ui.waitUntil(d -> d.findElement(By.id("notice")).getText().contains("deleted"));
        assertThat(topics()).containsExactly("devices/%u/#");
    }

    private void addRule(String effect, String action, String user, String topic) {
        new Select(ui.find(By.id("rule-effect"))).selectByValue(effect);
        new Select(ui.find(By.id("rule-action"))).selectByValue(action);
        ui.type(By.id("rule-user"), user);
        ui.type(By.id("rule-topic"), topic);
        ui.find(By.id("rule-create")).click();
        ui.waitUntil(d -> d.findElement(By.id("notice")).getText().contains("ACL rule added"));
    }

    private void testTopic(String user, String action, String topic) {
        ui.type(By.id("test-user"), user);
        new Select(ui.find(By.id("test-action"))).selectByValue(action);
        ui.type(By.id("test-topic"), topic);
        ui.find(By.id("test-submit")).click();
        ui.waitFor(By.id("test-result"));
    }

    private List<String> topics() {
        return ui.driver.findElements(By.cssSelector("#acl-table .rule-topic")).stream().map(WebElement::getText)
                .toList();
    }

    private void connect(String user, String password, String clientId) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + ui.platform.broker().tcpPort(), clientId,
                new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        c.connect(o);
        c.disconnect();
        c.close();
    }
}
