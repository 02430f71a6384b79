package io.tributary.admin.ui;

import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationDefinition.AdditionalInfo;
import io.tributary.integration.IntegrationDefinition.Configuration;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.host.TestPluginProbe;
import io.tributary.plugin.host.TestPlugins;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Queued messages and dead letters in the UI, on the real platform with small integration logs
 * (2 messages): deleting asks first and says how many messages it discards, counted by the
 * server; dead letters are listed, replayed one at a time or all (until the log is full, which
 * the page says), and purged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLettersUiTest {
    UiPlatform ui;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        ui = UiPlatform.start(dir, Map.of("integration.max-messages", "2"));
        ui.login();
    }

    @AfterAll
    void stop() {
        if (ui != null) {
            ui.close();
        }
        TestPluginProbe.reset();
    }

    private String create(String name, String filter) {
        IntegrationDefinition d = new IntegrationDefinition(null, name, TestPlugins.TYPE, true,
                new Configuration(List.of(filter), Map.of("mode", "ok"), Map.of()), new AdditionalInfo(null), 0);
        String id = ui.platform.integrations().create(d).id();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestPluginProbe.lifecycle(id).contains("start"));
        return id;
    }

    /** Publishes with QoS 1, one message per topic, payload {@code {"t":"<topic>"}}. */
    private void publish(String... topics) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + ui.platform.broker().tcpPort(), "ui-device-7",
                new MemoryPersistence());
        c.connect();
        for (String topic : topics) {
            c.publish(topic, payload(topic), 1, false);
        }
        c.disconnect();
        c.close();
    }

    private static byte[] payload(String topic) {
        return ("{\"t\":\"" + topic + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes while the plugin rejects every message, and waits until they are all dead letters. */
    private void rejected(String id, String... topics) throws Exception {
        long before = ui.platform.deadLetters().count(id);
        TestPluginProbe.setMode(id, "permanentFailure");
        publish(topics);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ui.platform.deadLetters().count(id) == before + topics.length);
    }

    private String notice() {
        return ui.waitFor(By.id("notice")).getText();
    }

    private void acceptConfirm(String expected) {
        Alert confirm = new WebDriverWait(ui.driver, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).contains(expected);
        confirm.accept();
    }

    @Test
    void deletingAnIntegrationWithQueuedMessagesSaysHowManyItDiscardsBeforeItDeletes() throws Exception {
        String id = create("Queue keeper", "keep/#");
        rejected(id, "keep/rejected");
        ui.platform.integrations().disable(id);
        publish("keep/1", "keep/2");
        await().atMost(Duration.ofSeconds(5)).until(() -> ui.platform.runtime().statistics(id).queued() == 2);

        String row = "tr[data-integration-name='Queue keeper']";
        ui.go("/integrations");
        assertThat(ui.waitFor(By.cssSelector(row + " td[data-queued]")).getText()).isEqualTo("2");
        assertThat(ui.find(By.cssSelector(row + " td[data-dead-letters]")).getText()).isEqualTo("1");
        ui.screenshot("15-integrations-queued");
        ui.find(By.cssSelector(row + " [aria-label='Delete Queue keeper']")).click();

        ui.waitFor(By.id("delete-confirmation"));
        assertThat(ui.find(By.cssSelector("#delete-confirmation h1")).getText())
                .isEqualTo("Delete the integration 'Queue keeper'?");
        assertThat(ui.find(By.id("delete-queued")).getText()).isEqualTo("2 queued messages (received, not yet delivered)");
        assertThat(ui.find(By.id("delete-dead-letters")).getText()).isEqualTo("1 dead letter");
        ui.screenshot("16-delete-confirmation");

        // cancelling keeps everything
        ui.find(By.id("cancel-delete")).click();
        ui.waitFor(By.id("integration-name"));
        assertThat(ui.find(By.id("stats-live-queued")).getText()).isEqualTo("2");
        assertThat(ui.find(By.id("stats-live-dead-letters")).getText()).isEqualTo("1");
        assertThat(ui.platform.runtime().statistics(id).queued()).isEqualTo(2);

        // from the integration's page, the count is asked again; confirming deletes and discards
        ui.find(By.id("delete-integration")).click();
        ui.waitFor(By.id("delete-confirmation"));
        assertThat(ui.find(By.id("delete-queued")).getAttribute("data-queued")).isEqualTo("2");
        ui.find(By.id("confirm-delete")).click();
        assertThat(notice()).isEqualTo("Integration 'Queue keeper' deleted; 2 queued messages discarded.");
        assertThat(ui.driver.getCurrentUrl()).endsWith("/integrations");
        assertThat(ui.driver.findElements(By.cssSelector(row))).isEmpty();
        assertThat(ui.platform.integrations().list()).noneMatch(d -> d.id().equals(id));
        assertThat(ui.platform.deadLetters().count(id)).isZero();
        assertThat(TestPluginProbe.messages(id)).isEmpty();
    }

    @Test
    void deadLettersAreListedReplayedUntilTheLogIsFullAndPurged() throws Exception {
        String id = create("Rejecting", "reject/#");
        rejected(id, "reject/0", "reject/1", "reject/2", "reject/3");

        ui.go("/integrations");
        String row = "tr[data-integration-name='Rejecting']";
        ui.waitFor(By.cssSelector(row + " a[aria-label='4 dead letters of Rejecting']")).click();
        ui.waitFor(By.id("dead-letters-table"));
        assertThat(ui.find(By.id("tab-dead-letters")).getText()).isEqualTo("Dead letters (4)");
        assertThat(ui.find(By.id("dead-letters-total")).getAttribute("data-total")).isEqualTo("4");
        List<WebElement> rows = ui.driver.findElements(By.cssSelector("#dead-letters-table tbody tr"));
        assertThat(rows).extracting(r -> r.getAttribute("data-topic"))
                .as("newest first").containsExactly("reject/3", "reject/2", "reject/1", "reject/0");
        WebElement oldest = rows.get(3);
        assertThat(oldest.findElement(By.cssSelector("[data-client-id]")).getText()).isEqualTo("ui-device-7");
        assertThat(oldest.findElement(By.cssSelector("[data-attempts]")).getText()).isEqualTo("1");
        assertThat(oldest.findElement(By.cssSelector("[data-error]")).getText()).contains("requested by test");
        assertThat(oldest.findElement(By.cssSelector("[data-payload]")).getText()).isEqualTo("{\"t\":\"reject/0\"}");
        ui.screenshot("17-dead-letters");

        // the plugin accepts again: replaying one delivers it
        TestPluginProbe.setMode(id, "ok");
        oldest.findElement(By.cssSelector("button[aria-label^='Replay dead letter']")).click();
        assertThat(notice()).isEqualTo("Replayed 1 dead letter into the integration's log; 3 remain.");
        await().atMost(Duration.ofSeconds(10)).until(() -> TestPluginProbe.messages(id).size() == 1);
        IntegrationMessage delivered = TestPluginProbe.messages(id).get(0);
        assertThat(delivered.topic()).isEqualTo("reject/0");
        assertThat(delivered.payload()).isEqualTo(payload("reject/0"));
        assertThat(ui.driver.findElements(By.cssSelector("#dead-letters-table tbody tr")))
                .extracting(r -> r.getAttribute("data-topic")).containsExactly("reject/3", "reject/2", "reject/1");

        // disabled, replayed messages stay in its log, which holds 2: replay all stops there and says so
        ui.find(By.id("disable-integration")).click();
        ui.waitFor(By.id("enable-integration"));
        ui.find(By.id("tab-dead-letters")).click();
        ui.waitFor(By.id("replay-all")).click();
        assertThat(notice()).isEqualTo("The integration's log is full: replay stopped after 2 dead letters; "
                + "1 remains. Replay the rest once it has drained.");
        assertThat(ui.driver.findElements(By.cssSelector("#dead-letters-table tbody tr")))
                .extracting(r -> r.getAttribute("data-topic")).containsExactly("reject/3");
        assertThat(ui.find(By.id("stats-live-queued")).getText()).isEqualTo("2");
        ui.screenshot("18-dead-letters-log-full");

        // purge the one left: select it, confirm
        ui.find(By.cssSelector("#dead-letters-table tbody tr[data-topic='reject/3'] input[name=ids]")).click();
        ui.find(By.id("purge-selected")).click();
        acceptConfirm("Purge the selected dead letters of 'Rejecting'?");
        assertThat(notice()).isEqualTo("Purged 1 dead letter.");
        ui.waitFor(By.id("dead-letters-empty"));
        assertThat(ui.platform.deadLetters().count(id)).isZero();

        // enabled again, the two in its log are delivered; the purged one never is
        ui.find(By.id("enable-integration")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestPluginProbe.messages(id).size() == 3);
        assertThat(TestPluginProbe.messages(id)).extracting(IntegrationMessage::topic)
                .containsExactlyInAnyOrder("reject/0", "reject/1", "reject/2");
    }

    @Test
    void replayingNothingSelectedSaysSoAndChangesNothing() throws Exception {
        String id = create("Picky", "picky/#");
        rejected(id, "picky/1");
        ui.go("/integrations/" + id + "?tab=dead-letters");
        ui.waitFor(By.id("replay-selected")).click();
        assertThat(notice()).isEqualTo("Nothing done: select at least one dead letter.");
        assertThat(ui.platform.deadLetters().count(id)).isEqualTo(1);
        assertThat(ui.find(By.cssSelector("#dead-letters-table tbody tr")).getAttribute("data-topic"))
                .isEqualTo("picky/1");
    }
}
