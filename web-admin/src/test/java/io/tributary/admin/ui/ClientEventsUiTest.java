package io.tributary.admin.ui;

import io.tributary.integration.IntegrationDefinition;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.host.TestPluginProbe;
import io.tributary.storage.IntegrationRepository;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The "Also send client events" checkbox in a real browser: offered next to the topic filters for
 * every type, saved by the wizard and the edit page, and what it does: the integration's plugin
 * receives a CONNECTED record when a client connects, and none once it is unchecked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientEventsUiTest {
    private static final String NAME = "Presence";
    UiPlatform ui;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        ui = UiPlatform.start(dir);
        ui.login();
    }

    @AfterAll
    void stop() {
        if (ui != null) {
            ui.close();
        }
        TestPluginProbe.reset();
    }

    private IntegrationDefinition stored() {
        return new IntegrationRepository(ui.platform.database()).findByName(NAME).orElseThrow();
    }

    private void connectAndDisconnect(String clientId) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + ui.platform.broker().tcpPort(), clientId,
                new MemoryPersistence());
        c.connect();
        c.disconnect();
        c.close();
    }

    private long events(String id, String clientId) {
        return TestPluginProbe.messages(id).stream()
                .filter(m -> !m.eventType().equals(IntegrationMessage.PUBLISH_MSG) && m.clientId().equals(clientId))
                .count();
    }

    @Test
    void theCheckboxIsSavedByTheWizardAndTheEditPageAndTurnsEventsOnAndOff() throws Exception {
        ui.go("/integrations");
        ui.find(By.id("add-integration")).click();
        ui.waitFor(By.id("wizard-step-1"));
        ui.find(By.id("type-TEST")).click();
        ui.find(By.id("wizard-next")).click();

        ui.waitFor(By.id("wizard-step-2"));
        WebElement box = ui.find(By.id("sendClientEvents"));
        assertThat(box.getAttribute("type")).isEqualTo("checkbox");
        assertThat(box.isSelected()).as("off unless asked for").isFalse();
        assertThat(ui.find(By.cssSelector("label[for=sendClientEvents]")).getText())
                .isEqualTo("Also send client events");
        assertThat(ui.find(By.id("help-send-client-events")).getText()).contains("CONNECTED", "DISCONNECTED",
                "SESSION_EXPIRED");
        box.click();
        ui.screenshot("14-wizard-client-events");
        ui.find(By.id("wizard-next")).click();

        ui.waitFor(By.id("wizard-step-3"));
        ui.type(By.id("name"), NAME);
        ui.find(By.id("wizard-add")).click();
        assertThat(ui.waitFor(By.id("notice")).getText()).isEqualTo("Integration '" + NAME + "' created.");
        IntegrationDefinition saved = stored();
        assertThat(saved.configuration().sendClientEvents()).isTrue();

        String id = saved.id();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestPluginProbe.lifecycle(id).contains("start"));
        connectAndDisconnect("seen-by-ui-test");
        await().atMost(Duration.ofSeconds(10)).until(() -> events(id, "seen-by-ui-test") == 2);
        assertThat(TestPluginProbe.messages(id)).extracting(IntegrationMessage::eventType)
                .containsExactly("CONNECTED", "DISCONNECTED");

        // the edit page shows it checked; unchecking and saving stops the events
        ui.go("/integrations/" + id);
        ui.waitFor(By.id("edit-form"));
        assertThat(ui.find(By.id("sendClientEvents")).isSelected()).isTrue();
        ui.find(By.id("sendClientEvents")).click();
        ui.find(By.id("save-integration")).click();
        assertThat(ui.waitFor(By.id("notice")).getText()).startsWith("Saved");
        assertThat(stored().configuration().sendClientEvents()).isFalse();
        ui.go("/integrations/" + id);
        assertThat(ui.waitFor(By.id("sendClientEvents")).isSelected()).isFalse();

        await().atMost(Duration.ofSeconds(10)).until(() -> TestPluginProbe.lifecycle(id).stream()
                .filter("start"::equals).count() == 2); // restarted with the new definition
        connectAndDisconnect("unseen-by-ui-test");
        connectAndDisconnect("seen-by-ui-test");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> events(id, "unseen-by-ui-test") == 0 && events(id, "seen-by-ui-test") == 2);
    }
}
