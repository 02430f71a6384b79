package io.tributary.admin.ui;

import io.tributary.integration.IntegrationDefinition;
import io.tributary.secrets.SecretBox;
import io.tributary.secrets.SecretKeys;
import io.tributary.storage.IntegrationRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration form generated from the PF4J test plugin's JSON Schema (every field type)
 * in a real browser: each widget with its label, default, help and visible-when rule; create
 * through the wizard, then the edit page shows the saved values, never the secrets, and a blank
 * secret keeps the stored one. Nothing in web-admin knows this plugin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaFormUiTest {
    private static final String SECRET = "hunter2-s3cret";
    private static final String MAP_SECRET = "tok-s3cret";
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
    }

    /** As stored, secrets decrypted with the platform's key (they are encrypted in the file). */
    private IntegrationDefinition stored(String name) {
        IntegrationDefinition d = new IntegrationRepository(ui.platform.database()).findByName(name).orElseThrow();
        Object password = d.configuration().clientConfiguration().get("password");
        assertThat(password == null || SecretBox.isSealed(password)).as("password stored encrypted").isTrue();
        IntegrationDefinition.Configuration c = d.configuration();
        return new IntegrationDefinition(d.id(), d.name(), d.type(), d.enabled(), new IntegrationDefinition.Configuration(
                c.topicFilters(), SecretKeys.load(ui.platform.config()).openAll(c.clientConfiguration()), c.metadata()),
                d.additionalInfo(), d.createdTime());
    }

    private List<String> values(String css) {
        return ui.driver.findElements(By.cssSelector(css)).stream().map(e -> e.getAttribute("value")).toList();
    }

    private WebElement lastRowInput(String widgetId, String css) {
        List<WebElement> inputs = ui.driver.findElements(By.cssSelector("#" + widgetId + " [data-rows] " + css));
        return inputs.get(inputs.size() - 1);
    }

    @Test
    void everyWidgetRendersFromTheSchemaAndRoundTrips() {
        ui.go("/integrations");
        ui.find(By.id("add-integration")).click();
        ui.waitFor(By.id("wizard-step-1"));
        assertThat(ui.find(By.cssSelector("label[for=type-TEST]")).getText())
                .contains("Test (TEST)", "Records messages for tests");
        ui.screenshot("03-wizard-type");
        ui.find(By.id("type-TEST")).click();
        ui.find(By.id("wizard-next")).click();

        // step 2: topic filters, prefilled with tbmq/#
        ui.waitFor(By.id("wizard-step-2"));
        assertThat(ui.find(By.id("topic-filter-0")).getAttribute("value")).isEqualTo("tbmq/#");
        ui.find(By.id("add-topic-filter")).click();
        lastRowInput("topic-filters", "input").sendKeys("tbmq/+/status");
        ui.screenshot("04-wizard-topic-filters");
        ui.find(By.id("wizard-next")).click();

        // step 3: one widget per x-widget type, with labels, defaults, help and placeholders
        ui.waitFor(By.id("wizard-step-3"));
        assertThat(ui.find(By.id("name")).getAttribute("value")).isEqualTo("Test (TEST) integration");
        Select mode = new Select(ui.find(By.id("cfg-mode")));
        assertThat(mode.getFirstSelectedOption().getAttribute("value")).isEqualTo("ok");
        assertThat(mode.getOptions()).extracting(WebElement::getText).contains("Deliver", "Deliver after a delay",
                "Fail on start");
        assertThat(ui.find(By.cssSelector("label[for=cfg-mode]")).getText()).isEqualTo("Mode *");
        assertThat(ui.find(By.id("help-cfg-mode")).getText()).isEqualTo("How the integration behaves");
        assertThat(ui.find(By.id("group-behaviour")).findElement(By.tagName("legend")).getText()).isEqualTo("Behaviour");
        assertThat(ui.find(By.id("field-cfg-delayMs")).isDisplayed()).as("visible only when mode is slow").isFalse();
        assertThat(ui.find(By.id("field-cfg-failureMessage")).isDisplayed()).isFalse();
        WebElement endpoint = ui.find(By.id("cfg-endpoint"));
        assertThat(endpoint.getAttribute("type")).isEqualTo("text");
        assertThat(endpoint.getAttribute("placeholder")).isEqualTo("test://sink");
        assertThat(ui.find(By.id("help-cfg-endpoint")).getText()).isEqualTo("Where messages would go");
        assertThat(ui.find(By.id("cfg-password")).getAttribute("type")).isEqualTo("password");
        WebElement port = ui.find(By.id("cfg-port"));
        assertThat(port.getAttribute("type")).isEqualTo("number");
        assertThat(port.getAttribute("value")).isEqualTo("1883");
        assertThat(port.getAttribute("min")).isEqualTo("1");
        assertThat(port.getAttribute("max")).isEqualTo("65535");
        WebElement tls = ui.find(By.id("cfg-tls"));
        assertThat(tls.getAttribute("type")).isEqualTo("checkbox");
        assertThat(tls.isSelected()).isFalse();
        WebElement advanced = ui.find(By.id("group-advanced"));
        assertThat(advanced.getTagName()).isEqualTo("details");
        assertThat(advanced.getAttribute("open")).as("advanced group collapsed").isNull();
        assertThat(ui.find(By.id("cfg-tags")).isDisplayed()).isFalse();

        // visible-when applies live
        mode.selectByVisibleText("Fail on start");
        assertThat(ui.find(By.id("field-cfg-failureMessage")).isDisplayed()).isTrue();
        assertThat(ui.find(By.id("cfg-failureMessage")).getAttribute("value")).isEqualTo("requested by test");
        mode.selectByVisibleText("Deliver after a delay");
        assertThat(ui.find(By.id("field-cfg-failureMessage")).isDisplayed()).isFalse();
        assertThat(ui.find(By.id("field-cfg-delayMs")).isDisplayed()).isTrue();
        assertThat(ui.find(By.id("cfg-delayMs")).getAttribute("value")).isEqualTo("100");

        // fill every widget
        ui.type(By.id("name"), "Form round trip");
        ui.type(By.id("description"), "every widget");
        ui.type(By.id("cfg-delayMs"), "5");
        ui.type(By.id("cfg-endpoint"), "test://sink");
        ui.type(By.id("cfg-password"), SECRET);
        ui.type(By.id("cfg-port"), "2000");
        tls.click();
        advanced.findElement(By.tagName("summary")).click();
        ui.find(By.id("cfg-tags-add")).click();
        lastRowInput("cfg-tags", "input").sendKeys("a");
        ui.find(By.id("cfg-tags-add")).click();
        lastRowInput("cfg-tags", "input").sendKeys("b");
        ui.find(By.id("cfg-headers-add")).click();
        lastRowInput("cfg-headers", "input[name='cfg.headers.key']").sendKeys("x-id");
        lastRowInput("cfg-headers", "input[name='cfg.headers.value']").sendKeys("7");
        ui.find(By.id("cfg-headers-add")).click();
        lastRowInput("cfg-headers", "input[name='cfg.headers.key']").sendKeys("api-token");
        lastRowInput("cfg-headers", "input[name='cfg.headers.value']").sendKeys(MAP_SECRET);
        ui.find(By.id("cfg-headers-add")).click();
        lastRowInput("cfg-headers", "input[name='cfg.headers.key']").sendKeys("removed");
        List<WebElement> removes = ui.driver.findElements(By.cssSelector("#cfg-headers [data-rows] [data-remove-row]"));
        removes.get(removes.size() - 1).click();
        ui.find(By.id("add-metadata")).click();
        lastRowInput("metadata", "input[name='metadata.key']").sendKeys("site");
        lastRowInput("metadata", "input[name='metadata.value']").sendKeys("lab");

        // check connection: the test plugin has no check; the answer says so, nothing is saved
        ui.find(By.id("check-connection")).click();
        assertThat(ui.waitFor(By.id("check-outcome")).getText()).contains("does not support checking");
        ui.screenshot("05-wizard-configuration");

        ui.find(By.id("wizard-add")).click();
        assertThat(ui.waitFor(By.id("notice")).getText()).isEqualTo("Integration 'Form round trip' created.");
        ui.waitFor(By.cssSelector("tr[data-integration-name='Form round trip']"));
        ui.waitUntil(d -> d.findElement(By.cssSelector("tr[data-integration-name='Form round trip'] .badge"))
                .getText().equals("Active"));
        ui.screenshot("02-integrations");

        IntegrationDefinition saved = stored("Form round trip");
        assertThat(saved.configuration().topicFilters()).containsExactly("tbmq/#", "tbmq/+/status");
        assertThat(saved.configuration().metadata()).isEqualTo(Map.of("site", "lab"));
        assertThat(saved.additionalInfo().description()).isEqualTo("every widget");
        Map<String, Object> cfg = saved.configuration().clientConfiguration();
        assertThat(cfg).containsEntry("mode", "slow").containsEntry("delayMs", 5L)
                .containsEntry("endpoint", "test://sink").containsEntry("password", SECRET)
                .containsEntry("port", 2000L).containsEntry("tls", true)
                .containsEntry("tags", List.of("a", "b"))
                .containsEntry("headers", Map.of("x-id", "7", "api-token", MAP_SECRET));

        // the edit page shows the saved values, never the secrets
        ui.find(By.cssSelector("tr[data-integration-name='Form round trip'] a.integration-link")).click();
        ui.waitFor(By.id("edit-form"));
        assertThat(ui.driver.getPageSource()).doesNotContain(SECRET).doesNotContain(MAP_SECRET);
        assertThat(new Select(ui.find(By.id("cfg-mode"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("slow");
        assertThat(ui.find(By.id("field-cfg-delayMs")).isDisplayed()).isTrue();
        assertThat(ui.find(By.id("cfg-delayMs")).getAttribute("value")).isEqualTo("5");
        assertThat(ui.find(By.id("cfg-endpoint")).getAttribute("value")).isEqualTo("test://sink");
        assertThat(ui.find(By.id("cfg-password")).getAttribute("value")).isEmpty();
        assertThat(ui.find(By.id("cfg-password")).getAttribute("placeholder")).contains("stored");
        assertThat(ui.find(By.id("cfg-port")).getAttribute("value")).isEqualTo("2000");
        assertThat(ui.find(By.id("cfg-tls")).isSelected()).isTrue();
        assertThat(values("#cfg-tags [data-rows] input")).containsExactly("a", "b");
        assertThat(values("#cfg-headers [data-rows] input[name='cfg.headers.key']")).containsExactly("x-id", "api-token");
        WebElement secretValue = ui.driver.findElements(
                By.cssSelector("#cfg-headers [data-rows] input[name='cfg.headers.value']")).get(1);
        assertThat(secretValue.getAttribute("type")).isEqualTo("password");
        assertThat(secretValue.getAttribute("value")).isEmpty();
        assertThat(values("#topic-filters [data-rows] input")).containsExactly("tbmq/#", "tbmq/+/status");
        assertThat(values("#metadata [data-rows] input")).containsExactly("site", "lab");
        ui.screenshot("06-integration-configuration");

        // blank secrets keep the stored values
        ui.type(By.id("cfg-port"), "3000");
        ui.find(By.id("save-integration")).click();
        assertThat(ui.waitFor(By.id("notice")).getText()).startsWith("Saved");
        cfg = stored("Form round trip").configuration().clientConfiguration();
        assertThat(cfg).containsEntry("port", 3000L).containsEntry("password", SECRET)
                .containsEntry("headers", Map.of("x-id", "7", "api-token", MAP_SECRET));

        // a typed secret replaces it
        ui.type(By.id("cfg-password"), "another-s3cret");
        ui.find(By.id("save-integration")).click();
        ui.waitFor(By.id("notice"));
        assertThat(stored("Form round trip").configuration().clientConfiguration())
                .containsEntry("password", "another-s3cret");
    }

    @Test
    void aWrongFieldShowsItsErrorNextToItAndNothingIsSaved() {
        int before = ui.platform.integrations().list().size();
        ui.go("/integrations/new?type=TEST");
        ui.find(By.id("wizard-next")).click();

        ui.waitFor(By.id("wizard-step-2"));
        ui.type(By.id("topic-filter-0"), "tbmq/#/bad");
        ui.find(By.id("wizard-next")).click();
        assertThat(ui.waitFor(By.id("err-topicFilters-0")).getText()).contains("not a valid MQTT topic filter");
        assertThat(ui.find(By.id("wizard-step-2")).isDisplayed()).as("stays on the topic filters step").isTrue();
        ui.type(By.id("topic-filter-0"), "tbmq/#");
        ui.find(By.id("wizard-next")).click();

        ui.waitFor(By.id("wizard-step-3"));
        ui.type(By.id("name"), "Wrong fields");
        ui.type(By.id("cfg-endpoint"), "not a url");
        ui.type(By.id("cfg-port"), "70000");
        ui.type(By.id("cfg-password"), SECRET);
        ui.find(By.id("wizard-add")).click();

        ui.waitFor(By.id("err-cfg-endpoint"));
        assertThat(ui.find(By.id("wizard-step-3")).isDisplayed()).isTrue();
        assertThat(ui.find(By.id("err-cfg-endpoint")).getText()).as("all errors at once").isNotBlank();
        assertThat(ui.find(By.id("err-cfg-port")).getText()).contains("65535");
        assertThat(ui.find(By.id("cfg-endpoint")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(ui.find(By.id("cfg-endpoint")).getAttribute("value")).as("input kept").isEqualTo("not a url");
        assertThat(ui.find(By.id("cfg-port")).getAttribute("value")).isEqualTo("70000");
        assertThat(ui.find(By.id("name")).getAttribute("value")).isEqualTo("Wrong fields");
        assertThat(ui.find(By.id("cfg-password")).getAttribute("value")).as("secrets never echoed").isEmpty();
        assertThat(ui.driver.getPageSource()).doesNotContain(SECRET);
        assertThat(ui.platform.integrations().list()).as("nothing saved").hasSize(before);
        ui.screenshot("07-wizard-errors");
    }
}
