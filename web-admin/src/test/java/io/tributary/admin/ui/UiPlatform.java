package io.tributary.admin.ui;

import io.tributary.admin.AdminModule;
import io.tributary.admin.AdminServer;
import io.tributary.config.TributaryConfig;
import io.tributary.platform.Platform;
import io.tributary.plugin.host.TestPlugins;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The real platform (broker, SQLite, PF4J with the test plugin zip, admin) on free ports, and a
 * headless Debian Chromium driven by Selenium, for UI tests. Screenshots go to
 * {@code target/screenshots/}.
 */
public final class UiPlatform implements AutoCloseable {
    public static final String PASSWORD = "ui-test-password";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    public final Path dir;
    public final Platform platform;
    public final WebDriver driver;
    public final String base;

    private UiPlatform(Path dir, Platform platform, WebDriver driver) {
        this.dir = dir;
        this.platform = platform;
        this.driver = driver;
        this.base = "http://127.0.0.1:" + platform.module(AdminModule.class).port();
    }

    /** Boots the platform with the test plugin installed and opens a browser (not logged in). */
    public static UiPlatform start(Path dir) throws Exception {
        return start(dir, Map.of());
    }

    /** As {@link #start(Path)}, with platform settings added or overridden (e.g. {@code integration.max-messages}). */
    public static UiPlatform start(Path dir, Map<String, String> settings) throws Exception {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("node.id", "ui-node");
        cfg.put("data.dir", dir.resolve("data").toString());
        cfg.put("plugins.dir", dir.resolve("plugins").toString());
        cfg.put("mqtt.bind", "127.0.0.1");
        cfg.put("mqtt.port", "0");
        cfg.put("mqtt.ws.port", "0");
        cfg.put("admin.bind", "127.0.0.1");
        cfg.put("admin.port", "0");
        cfg.put("admin.password", PASSWORD);
        cfg.put("integration.stats-interval-seconds", "1");
        cfg.putAll(settings);
        Files.createDirectories(dir.resolve("plugins"));
        TestPlugins.build(dir.resolve("plugins"));
        Platform platform = new Platform(TributaryConfig.of(cfg)).start();
        try {
            return new UiPlatform(dir, platform, browser(dir.resolve("chromium-profile")));
        } catch (RuntimeException | Error e) {
            platform.close();
            throw e;
        }
    }

    /** Headless Debian Chromium with the flags that keep it from dialling out, fresh profile. */
    public static WebDriver browser(Path profile) {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new IllegalStateException("UI tests need Debian's Chromium and ChromeDriver: "
                    + "apt-get install -y chromium chromium-driver");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1366,900", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    public AdminServer admin() {
        return platform.module(AdminModule.class).server();
    }

    /** Opens a page of the admin. */
    public void go(String path) {
        driver.get(base + path);
    }

    /** Logs in through the login page as the admin. */
    public void login() {
        login(PASSWORD);
    }

    public void login(String password) {
        go("/login");
        type(By.id("password"), password);
        driver.findElement(By.id("login-submit")).click();
        waitUntil(d -> !d.getCurrentUrl().contains("/login"));
    }

    /** Clears an input and types into it. */
    public WebElement type(By by, String text) {
        WebElement e = driver.findElement(by);
        e.clear();
        e.sendKeys(text);
        return e;
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    public WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits for a condition; elements replaced meanwhile (htmx swaps) are looked up again. */
    public <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(StaleElementReferenceException.class).until(condition::apply);
    }

    /** Saves a screenshot of the whole page as {@code target/screenshots/<name>.png}. */
    public void screenshot(String name) {
        Dimension laptop = driver.manage().window().getSize();
        try {
            Files.createDirectories(SCREENSHOTS);
            Number height = (Number) ((JavascriptExecutor) driver)
                    .executeScript("return document.documentElement.scrollHeight");
            driver.manage().window().setSize(new Dimension(laptop.getWidth(),
                    Math.max(laptop.getHeight(), Math.min(6000, height.intValue() + 120))));
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(laptop);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            platform.close();
        }
    }
}
