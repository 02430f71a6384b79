package io.tributary.kafka.platform;

import io.tributary.admin.ui.UiPlatform;
import io.tributary.kafka.TestCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's "Create TBMQ Kafka Integration" and "Send an uplink message" steps, exactly as an
 * operator does them, in headless Chromium: log in, "+", Kafka, Next (tbmq/#), bootstrap servers
 * and topic, Add; WebSocket client: Connect, publish {"temperature":25} to
 * tbmq/kafka-integration; the record is in Kafka; the Statistics tab shows 1 processed. Then the
 * wizard for the source type KAFKA_TO_MQTT: no topic filter step, worded for a source.
 */
class KafkaWizardWalkthroughIT {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    Path dir;

    @Test
    void theSeedStepsWorkInARealBrowser() throws Exception {
        try (TestCluster kafka = TestCluster.plain();
             PlatformWithKafkaPlugin platform = new PlatformWithKafkaPlugin(dir,
                     Map.of("mqtt.ws.port", "0", "integration.stats-interval-seconds", "1"))) {
            kafka.createTopic("tbmq.messages", 1);
            WebDriver driver = UiPlatform.browser(dir.resolve("chromium"));
            try {
                String base = "http://127.0.0.1:" + platform.adminPort();
                driver.get(base + "/login");
                driver.findElement(By.id("password")).sendKeys(PlatformWithKafkaPlugin.PASSWORD);
                driver.findElement(By.id("login-submit")).click();
                waitUntil(driver, d -> d.findElement(By.id("nav-integrations"))).click(); // login lands on the dashboard
                waitUntil(driver, d -> d.findElement(By.id("add-integration")));

                driver.findElement(By.id("add-integration")).click();
                waitUntil(driver, d -> d.findElement(By.id("type-KAFKA"))).click();
                driver.findElement(By.id("wizard-next")).click();
                WebElement filter = waitUntil(driver, d -> d.findElement(By.id("topic-filter-0")));
                assertThat(filter.getAttribute("value")).isEqualTo("tbmq/#");
                driver.findElement(By.id("wizard-next")).click();
                WebElement servers = waitUntil(driver, d -> d.findElement(By.id("cfg-bootstrapServers")));
                servers.clear();
                servers.sendKeys(kafka.bootstrap());
                WebElement topic = driver.findElement(By.id("cfg-topic"));
                assertThat(topic.getAttribute("value")).isEqualTo("tbmq.messages");
                screenshot(driver, "kafka-wizard-configuration");
                driver.findElement(By.id("wizard-add")).click();
                WebElement row = waitUntil(driver, d -> d.findElement(
                        By.cssSelector("tr[data-integration-name='Kafka integration']")));
                String id = row.getAttribute("id").substring("integration-".length());
                waitUntil(driver, d -> platformStatus(platform, id).equals("ACTIVE"));
                screenshot(driver, "kafka-integrations");

                driver.findElement(By.id("nav-websocket")).click();
                waitUntil(driver, d -> d.findElement(By.id("ws-connect"))).click();
                waitUntil(driver, d -> d.findElement(By.id("ws-status")).getText().equals("Connected"));
                WebElement pubTopic = driver.findElement(By.id("pub-topic"));
                pubTopic.clear();
                pubTopic.sendKeys("tbmq/kafka-integration");
                WebElement payload = driver.findElement(By.id("pub-payload"));
                payload.clear();
                payload.sendKeys("{\"temperature\":25}");
                driver.findElement(By.id("pub-send")).click();
                screenshot(driver, "kafka-websocket-client");

                List<ConsumerRecord<byte[], byte[]>> records = kafka.consume("tbmq.messages", 1, Duration.ofSeconds(20));
                assertThat(records).hasSize(1);
                JsonNode record = PlatformWithKafkaPlugin.JSON.readTree(records.get(0).value());
                assertThat(record.get("payload").asString()).isEqualTo("eyJ0ZW1wZXJhdHVyZSI6MjV9");
                assertThat(record.get("topicName").asString()).isEqualTo("tbmq/kafka-integration");
                assertThat(record.get("metadata").get("integrationName").asString()).isEqualTo("Kafka integration");

                waitUntil(driver, d -> {
                    d.get(base + "/integrations/" + id + "?tab=statistics");
                    return d.findElement(By.id("stats-total-processed")).getText().trim().equals("1");
                });
                screenshot(driver, "kafka-statistics");

                // a source type (direction SOURCE): no topic filter step, worded for publishing into the broker
                driver.get(base + "/integrations/new");
                waitUntil(driver, d -> d.findElement(By.id("type-KAFKA_TO_MQTT"))).click();
                driver.findElement(By.id("wizard-next")).click();
                WebElement step3 = waitUntil(driver, d -> d.findElement(By.id("wizard-step-3")));
                assertThat(step3.isDisplayed()).isTrue();
                assertThat(driver.findElement(By.id("wizard-steps")).getText())
                        .contains("1 · Type", "2 · Configuration").doesNotContain("Topic filters");
                assertThat(driver.findElement(By.id("topic-filters")).getText())
                        .contains("publishes into the broker").contains("has no topic filters");
                assertThat(driver.findElement(By.tagName("main")).getText())
                        .doesNotContain("Messages published to topics that match")
                        .doesNotContain("Also send client events");
                assertThat(driver.findElements(By.id("wizard-step-2"))).isEmpty();
                assertThat(driver.findElements(By.name("topicFilters"))).isEmpty();
                assertThat(driver.findElement(By.id("field-enabled")).getText()).contains("publishing into the broker");
                assertThat(driver.findElement(By.id("check-panel")).getText())
                        .contains("the MQTT message a sample record from it would become");
                assertThat(driver.findElements(By.id("sample-topic"))).as("an MQTT sample means nothing here").isEmpty();
                screenshot(driver, "kafka-to-mqtt-wizard");
                driver.findElement(By.id("wizard-back")).click();
                assertThat(waitUntil(driver, d -> d.findElement(By.id("wizard-step-1"))).isDisplayed()).isTrue();
            } finally {
                driver.quit();
            }
        }
    }

    private static String platformStatus(PlatformWithKafkaPlugin platform, String id) {
        try {
            return platform.status(id);
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static <T> T waitUntil(WebDriver driver, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(condition::apply);
    }

    private static void screenshot(WebDriver driver, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
