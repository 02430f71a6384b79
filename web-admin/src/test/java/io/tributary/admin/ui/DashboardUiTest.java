package io.tributary.admin.ui;

import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationDefinition.AdditionalInfo;
import io.tributary.integration.IntegrationDefinition.Configuration;
import io.tributary.plugin.host.TestPluginProbe;
import io.tributary.plugin.host.TestPlugins;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in headless Chromium with the real platform: it is where the login lands, and
 * its figures follow real MQTT traffic (Paho) without a reload: an integration's delivered rate,
 * the backlog and held publishers of a stalled one, an error of a failing one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardUiTest {
    UiPlatform ui;
    final List<MqttAsyncClient> clients = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        ui = UiPlatform.start(dir, Map.of("integration.max-messages", "2", "integration.max-inflight", "1"));
    }

    @AfterAll
    void stop() throws Exception {
        TestPluginProbe.reset(); // releases stalled deliveries
        for (MqttAsyncClient c : clients) {
            c.disconnectForcibly(100, 100);
            c.close(true);
        }
        if (ui != null) {
            ui.close();
        }
    }

    private String create(String name, String mode, String filter) {
        IntegrationDefinition d = new IntegrationDefinition(null, name, TestPlugins.TYPE, true,
                new Configuration(List.of(filter), Map.of("mode", mode), Map.of()), new AdditionalInfo(null), 0);
        String id = ui.platform.integrations().create(d).id();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestPluginProbe.lifecycle(id).contains("start"));
        return id;
    }

    private void publish(String clientId, String topic, int count) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + ui.platform.broker().tcpPort(), clientId,
                new MemoryPersistence());
        c.connect();
        for (int i = 0; i < count; i++) {
            c.publish(topic, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), 1, false);
        }
        c.disconnect();
        c.close();
    }

    /** Publishes QoS 1 without waiting for the PUBACKs (they wait while the integration is full). */
    private void publishHeld(String clientId, String topic, int count) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + ui.platform.broker().tcpPort(), clientId,
                new MemoryPersistence());
        clients.add(c);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(50);
        c.connect(o).waitForCompletion(5000);
        for (int i = 0; i < count; i++) {
            c.publish(topic, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), 1, false);
        }
    }

    /** As {@link UiPlatform#waitUntil}, with room for a loaded machine. */
    private <T> T waitUntil(java.util.function.Function<org.openqa.selenium.WebDriver, T> condition) {
        return new org.openqa.selenium.support.ui.WebDriverWait(ui.driver, Duration.ofSeconds(40))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
    }

    /** A publisher sending one QoS 1 message every 200 ms until closed. */
    private final class Trickle implements AutoCloseable {
        private final MqttClient client;
        private final Thread thread;

        Trickle(String clientId, String topic) throws Exception {
            client = new MqttClient("tcp://127.0.0.1:" + ui.platform.broker().tcpPort(), clientId,
                    new MemoryPersistence());
            client.connect();
            thread = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        client.publish(topic, "{}".getBytes(StandardCharsets.UTF_8), 1, false);
                        Thread.sleep(200);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    // closed while publishing
                }
            }, "dashboard-test-trickle");
            thread.start();
        }

        @Override
        public void close() throws Exception {
            thread.interrupt();
            thread.join(5000);
            client.disconnect();
            client.close();
        }
    }

    private String row(String id) {
        return "#dash-integration-" + id;
    }

    /** The attribute, or {@code null} while the element is absent (between two refreshes). */
    private String attrOrNull(String css, String name) {
        List<WebElement> found = ui.driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0).getAttribute(name);
    }

    private String textOrNull(String css) {
        List<WebElement> found = ui.driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0).getText();
    }

    private static double number(String value) {
        return value == null || value.isEmpty() ? 0 : Double.parseDouble(value);
    }

    private boolean sameDocument() {
        return Boolean.TRUE.equals(((JavascriptExecutor) ui.driver).executeScript("return window.__dashboardMark === 42"));
    }

    @Test
    void theLoginLandsOnTheDashboardAndItsFiguresFollowTheTrafficWithoutAReload() throws Exception {
        String healthy = create("Healthy sink", "ok", "dash/ok/#");
        String broken = create("Broken sink", "failProcess", "dash/err/#");
        String stalled = create("Stalled sink", "stall", "dash/full/#");

        ui.login();
        assertThat(ui.driver.getCurrentUrl()).isEqualTo(ui.base + "/");
        assertThat(ui.waitFor(By.tagName("h1")).getText()).isEqualTo("Dashboard");
        assertThat(ui.find(By.id("nav-dashboard")).getAttribute("aria-current")).isEqualTo("page");
        // the live part is replaced every 2 s: read it inside waits, which look elements up again
        waitUntil(d -> "3".equals(attrOrNull("#state-ACTIVE", "data-count"))
                && String.valueOf(textOrNull("#no-backpressure")).contains("No integration holds publishers back")
                && textOrNull("#no-recent-errors") != null);
        ui.waitFor(By.cssSelector("#throughput-chart .uplot canvas"));
        boolean brokerMeters = !ui.platform.metrics().registry().find("tributary.mqtt.messages.received")
                .meters().isEmpty();
        String receivedBefore = waitUntil(d -> textOrNull("#broker-received-total"));
        if (!brokerMeters) {
            assertThat(receivedBefore).as("no broker meters registered yet").isEqualTo("n/a");
        }
        ((JavascriptExecutor) ui.driver).executeScript("window.__dashboardMark = 42");

        // a healthy integration: its delivered count and rate rise
        publish("dash-device-1", "dash/ok/temperature", 20);
        waitUntil(d -> number(attrOrNull(row(healthy) + " td[data-delivered]", "data-delivered")) == 20);
        // rates cover the last 10 s: measured while messages keep coming
        try (Trickle trickle = new Trickle("dash-device-4", "dash/ok/humidity")) {
            waitUntil(d -> number(attrOrNull(row(healthy) + " td[data-delivered-rate]", "data-delivered-rate")) > 0
                    && !"0".equals(textOrNull(row(healthy) + " td[data-delivered-rate]")));
            if (brokerMeters) {
                waitUntil(d -> !receivedBefore.equals(textOrNull("#broker-received-total"))
                        && number(attrOrNull("#broker-received-rate", "data-value")) > 0);
            }
        }

        // a failing integration: its error shows under recent errors
        publish("dash-device-2", "dash/err/pressure", 1);
        String error = "#recent-errors tr[data-integration-id='" + broken + "']";
        waitUntil(d -> String.valueOf(textOrNull(error)).contains("Broken sink")
                && textOrNull(error).contains("requested by test"));

        // a stalled integration: its log fills, then it holds the publisher back
        publishHeld("dash-device-3", "dash/full/level", 6);
        String held = "#backpressure tr[data-integration-id='" + stalled + "']";
        waitUntil(d -> number(attrOrNull(held + " td[data-held-publishes]", "data-held-publishes")) > 0);
        waitUntil(d -> "Stalled sink".equals(textOrNull(held + " th")));
        waitUntil(d -> "1".equals(textOrNull(held + " td.held-publishers"))
                && "1".equals(textOrNull(row(stalled) + " td.held-publishers")));
        waitUntil(d -> {
            String since = attrOrNull(held + " td[data-since]", "data-since");
            String text = textOrNull(held + " td[data-since]");
            return since != null && text != null && text.contains("UTC")
                    && number(since) > System.currentTimeMillis() - 60_000
                    && number(since) <= System.currentTimeMillis();
        });
        waitUntil(d -> number(attrOrNull(row(stalled) + " td[data-queued]", "data-queued")) > 0
                && String.valueOf(textOrNull(row(stalled) + " td[data-queued-bytes]")).endsWith("B"));
        ui.screenshot("20-dashboard");

        assertThat(sameDocument()).as("updated in place, never reloaded").isTrue();
        assertThat(number(ui.find(By.id("throughput-chart")).getAttribute("data-points"))).isGreaterThan(0);

        // released: the backpressure clears by itself
        TestPluginProbe.setMode(stalled, "ok");
        ui.waitFor(By.id("no-backpressure"));
        assertThat(sameDocument()).isTrue();
    }
}
