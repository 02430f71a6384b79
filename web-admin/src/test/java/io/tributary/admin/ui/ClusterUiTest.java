package io.tributary.admin.ui;

import io.tributary.config.TributaryConfig;
import io.tributary.platform.Platform;
import io.tributary.plugin.host.TestPlugins;
import io.tributary.storage.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Cluster page in headless Chromium, on node A of two platforms sharing one PostgreSQL: both
 * nodes with their roles and health; node B stopping shows without a reload; the stopped node can
 * then be removed from the list.
 */
class ClusterUiTest {
    private static final String KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    @TempDir
    Path dir;
    UiPlatform ui;
    Platform other;

    @AfterEach
    void stop() {
        if (other != null) {
            other.close();
        }
        if (ui != null) {
            ui.close();
        }
    }

    private Platform nodeB(String url) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("b/plugins"));
        TestPlugins.build(plugins);
        Map<String, String> c = new HashMap<>();
        c.put("node.id", "node-b");
        c.put("node.roles", "broker,executor"); // one role needs a shared log plugin, not here
        c.put("data.dir", dir.resolve("b/data").toString());
        c.put("plugins.dir", plugins.toString());
        c.put("mqtt.bind", "127.0.0.1");
        c.put("mqtt.port", "0");
        c.put("mqtt.ws.port", "-1");
        c.put("admin.port", "-1");
        c.put("storage.url", url);
        c.put("storage.user", "postgres");
        c.put("secret.key", KEY);
        c.put("cluster.heartbeat-interval-ms", "300");
        return new Platform(TributaryConfig.of(c)).start();
    }

    private String attrOrNull(String css, String name) {
        List<WebElement> found = ui.driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0).getAttribute(name);
    }

    @Test
    void theClusterPageListsTheNodesAndFollowsOneStoppingWithoutAReload() throws Exception {
        String url = TestPostgres.get().newDatabase();
        ui = UiPlatform.start(dir.resolve("a"), Map.of("node.id", "node-a", "node.roles", "broker,executor",
                "storage.url", url, "storage.user", "postgres", "secret.key", KEY,
                "cluster.heartbeat-interval-ms", "300"));
        other = nodeB(url);

        ui.login();
        ui.find(By.id("nav-cluster")).click();
        assertThat(ui.waitFor(By.tagName("h1")).getText()).isEqualTo("Cluster");
        assertThat(ui.find(By.id("nav-cluster")).getAttribute("aria-current")).isEqualTo("page");
        ui.waitUntil(d -> "up".equals(attrOrNull("#node-node-b", "data-status")));
        assertThat(ui.find(By.cssSelector("#node-node-a th")).getText()).contains("node-a").contains("(this node)");
        assertThat(ui.find(By.cssSelector("#node-node-a .node-roles")).getText()).isEqualTo("broker executor");
        assertThat(ui.driver.findElements(By.cssSelector("#node-node-b .node-roles [data-role]"))).extracting(e -> e.getAttribute("data-role"))
                .containsExactly("broker", "executor");
        ui.waitUntil(d -> "true".equals(attrOrNull("#node-node-b td[data-ready]", "data-ready")));
        assertThat(ui.find(By.cssSelector("#node-node-a .admin-url")).getText())
                .isEqualTo("http://127.0.0.1:" + ui.platform.module(io.tributary.admin.AdminModule.class).port());
        assertThat(ui.find(By.id("cluster-up")).getAttribute("data-value")).isEqualTo("2");
        assertThat(ui.driver.findElements(By.cssSelector("#node-node-b form"))).as("no remove for a node that is up")
                .isEmpty();
        ui.screenshot("cluster-two-nodes");

        ((JavascriptExecutor) ui.driver).executeScript("window.__clusterMark = 42");
        other.close();
        other = null;
        ui.waitUntil(d -> "stopped".equals(attrOrNull("#node-node-b", "data-status")));
        assertThat(((JavascriptExecutor) ui.driver).executeScript("return window.__clusterMark === 42"))
                .as("updated in place, not reloaded").isEqualTo(true);
        ui.waitUntil(d -> "1".equals(attrOrNull("#cluster-up", "data-value")));

        ui.find(By.cssSelector("#node-node-b form button")).click();
        Alert confirm = new WebDriverWait(ui.driver, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).contains("node-b");
        confirm.accept();
        ui.waitFor(By.id("notice"));
        assertThat(ui.find(By.id("notice")).getText()).contains("node-b removed");
        assertThat(ui.driver.findElements(By.id("node-node-b"))).isEmpty();
        assertThat(ui.platform.nodes().nodes()).extracting(n -> n.row().nodeId()).containsExactly("node-a");
    }
}
