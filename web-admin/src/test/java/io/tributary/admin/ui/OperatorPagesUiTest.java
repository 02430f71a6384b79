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
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's pages with the real platform: the WebSocket client publishing to an
 * integration, the statistics, lifecycle and errors tabs, the table's actions, the plugins page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorPagesUiTest {
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

    private String create(String name, String mode, String filter) {
        IntegrationDefinition d = new IntegrationDefinition(null, name, TestPlugins.TYPE, true,
                new Configuration(List.of(filter), Map.of("mode", mode), Map.of()), new AdditionalInfo(null), 0);
        String id = ui.platform.integrations().create(d).id();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestPluginProbe.lifecycle(id).contains("start"));
        return id;
    }

    private void publish(String topic, int count, int qos) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + ui.platform.broker().tcpPort(), "ui-test-pub",
                new MemoryPersistence());
        c.connect();
        for (int i = 0; i < count; i++) {
            c.publish(topic, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), qos, false);
        }
        c.disconnect();
        c.close();
    }

    @Test
    void theWebSocketClientConnectsAndItsPublishReachesTheIntegration() {
        String id = create("WebSocket target", "ok", "tbmq/#");
        ui.go("/websocket");
        assertThat(ui.find(By.id("ws-url")).getAttribute("value"))
                .isEqualTo("ws://127.0.0.1:" + ui.platform.broker().wsPort() + "/mqtt");
        assertThat(new Select(ui.find(By.id("ws-connection"))).getFirstSelectedOption().getText())
                .isEqualTo("WebSocket Default Connection");
        assertThat(ui.find(By.id("ws-status")).getText()).isEqualTo("Disconnected");
        ui.find(By.id("ws-connect")).click();
        ui.waitUntil(d -> d.findElement(By.id("ws-status")).getText().equals("Connected"));

        ui.find(By.id("sub-add")).click(); // tbmq/# by default
        ui.waitFor(By.cssSelector("#subscriptions li[data-filter='tbmq/#']"));
        ui.type(By.id("pub-topic"), "tbmq/kafka-integration");
        ui.find(By.id("pub-send")).click();

        await().atMost(Duration.ofSeconds(10)).until(() -> !TestPluginProbe.messages(id).isEmpty());
        IntegrationMessage m = TestPluginProbe.messages(id).get(0);
        assertThat(m.topic()).isEqualTo("tbmq/kafka-integration");
        assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"temperature\":25}");
        assertThat(m.qos()).isEqualTo(1);
        assertThat(m.clientId()).startsWith("tbmq_");
        ui.waitFor(By.cssSelector("#messages-body tr[data-direction='received'][data-topic='tbmq/kafka-integration']"));
        ui.screenshot("08-websocket-client");

        ui.find(By.id("ws-disconnect")).click();
        ui.waitUntil(d -> d.findElement(By.id("ws-status")).getText().equals("Disconnected"));
    }

    @Test
    void theStatisticsTabShowsProcessedCountsAndTheChart() throws Exception {
        String id = create("Statistics", "ok", "stats/#");
        publish("stats/a", 3, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> TestPluginProbe.messages(id).size() == 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> ui.platform.eventSink()
                .list(id, io.tributary.integration.events.EventType.STATISTICS, 0, Long.MAX_VALUE, 100).stream()
                .mapToLong(e -> ((Number) e.body().get("processed")).longValue()).sum() == 3);

        ui.go("/integrations/" + id + "?tab=statistics");
        assertThat(ui.waitFor(By.id("stats-total-processed")).getText()).isEqualTo("3");
        assertThat(ui.find(By.id("stats-live-processed")).getText()).isEqualTo("3");
        ui.waitFor(By.cssSelector("#stats-chart .uplot canvas"));
        ui.screenshot("10-integration-statistics");

        ui.find(By.id("tab-lifecycle")).click();
        ui.waitFor(By.cssSelector("#events-table tr[data-event='STARTED']"));
        assertThat(ui.driver.findElements(By.cssSelector("#events-table tbody tr")).get(0).getAttribute("data-event"))
                .as("newest first").isEqualTo("STARTED");
        ui.find(By.cssSelector("#events-table tr[data-event='CREATED']"));
        ui.screenshot("11-integration-lifecycle");
    }

    @Test
    void theErrorsTabPagesThroughErrorsNewestFirst() throws Exception {
        String id = create("Failing", "failProcess", "fail/#");
        publish("fail/x", 3, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> !ui.platform.eventSink()
                .list(id, io.tributary.integration.events.EventType.ERROR, 0, Long.MAX_VALUE, 10).isEmpty());
        ui.go("/integrations/" + id + "?tab=errors");
        ui.waitFor(By.cssSelector("#events-table.events-errors tbody tr[data-event]"));
        assertThat(ui.find(By.id("events-table")).getText()).contains("requested by test");
        new Select(ui.find(By.id("range"))).selectByVisibleText("Last hour");
        ui.waitUntil(d -> d.getCurrentUrl().contains("range=1h"));
        ui.waitFor(By.cssSelector("#events-table tbody tr[data-event]"));
        ui.screenshot("12-integration-errors");
    }

    @Test
    void theTableActsOnIntegrationsAndThePluginsPageListsThePlugin() {
        create("Actions", "ok", "actions/#");
        String row = "tr[data-integration-name='Actions']";
        ui.go("/integrations");
        ui.waitUntil(d -> d.findElement(By.cssSelector(row + " .badge")).getText().equals("Active"));
        ui.find(By.cssSelector(row + " button[aria-label='Disable Actions']")).click();
        ui.waitUntil(d -> d.findElement(By.cssSelector(row + " .badge")).getText().equals("Disabled"));
        ui.find(By.cssSelector(row + " button[aria-label='Enable Actions']")).click();
        ui.waitUntil(d -> d.findElement(By.cssSelector(row + " .badge")).getText().equals("Active"));
        ui.find(By.cssSelector(row + " [aria-label='Delete Actions']")).click();
        assertThat(ui.waitFor(By.cssSelector("#delete-confirmation h1")).getText())
                .isEqualTo("Delete the integration 'Actions'?");
        assertThat(ui.find(By.id("delete-nothing-queued")).getText()).contains("Nothing is queued");
        ui.find(By.id("confirm-delete")).click();
        ui.waitUntil(d -> d.getCurrentUrl().endsWith("/integrations"));
        assertThat(ui.find(By.id("notice")).getText()).isEqualTo("Integration 'Actions' deleted.");
        assertThat(ui.driver.findElements(By.cssSelector(row))).isEmpty();
        assertThat(ui.platform.integrations().list()).noneMatch(d -> d.name().equals("Actions"));

        ui.find(By.id("nav-plugins")).click();
        ui.waitFor(By.id("plugins-table"));
        assertThat(ui.find(By.cssSelector("tr[data-plugin-id='test-plugin']")).getText())
                .contains("1.0.0", "STARTED", "TEST", "Test (TEST)");
        ui.screenshot("13-plugins");
    }
}
