package io.firstline.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import io.firstline.support.AppTestBase;
import org.junit.jupiter.api.AfterEach;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The app (as in {@link AppTestBase}) driven through its pages by headless Chromium: Debian's
 * {@code chromium} and {@code chromium-driver} (installed by {@code .ci/run}). Every wait has a deadline;
 * nothing sleeps.
 */
abstract class BrowserTestBase extends AppTestBase {

    static final Duration PAGE_WAIT = Duration.ofSeconds(15);

    private final List<WebDriver> browsers = new ArrayList<>();

    /** A fresh browser with an empty profile, so cookies and storage never leak between users. */
    protected WebDriver browser() {
        return browser(null);
    }

    /** As {@link #browser()}, saving downloads into {@code downloads} without asking. */
    protected WebDriver browser(Path downloads) {
        try {
            Path profile = Files.createTempDirectory("firstline-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1400,900", "--user-data-dir=" + profile);
            // The console log, to find Content-Security-Policy violations (see closeBrowsers).
            options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
            if (downloads != null) {
                options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads.toString(),
                        "download.prompt_for_download", false));
            }
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")).toFile())
                    .usingAnyFreePort()
                    .build();
            WebDriver driver = new ChromeDriver(service, options);
            browsers.add(driver);
            return driver;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every page a test opened passed the Content-Security-Policy: Chromium logs each refused script, style or connection. */
    @AfterEach
    void closeBrowsers() {
        List<String> violations = new ArrayList<>();
        try {
            for (WebDriver browser : browsers) {
                violations.addAll(cspViolations(browser));
            }
        } finally {
            browsers.forEach(WebDriver::quit);
            browsers.clear();
        }
        org.assertj.core.api.Assertions.assertThat(violations).as("Content-Security-Policy violations").isEmpty();
    }

    /** The browser's console lines about the Content-Security-Policy since the last call. */
    protected static List<String> cspViolations(WebDriver browser) {
        return browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy"))
                .toList();
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    protected static <T> T await(WebDriver driver, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PAGE_WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    protected static WebElement visible(WebDriver driver, String css) {
        return await(driver, d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    protected static void awaitText(WebDriver driver, String css, String text) {
        await(driver, d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(text)) ? true : null);
    }

    protected static void logIn(WebDriver driver, String baseUrl, String username) {
        driver.get(baseUrl);
        visible(driver, "#username").sendKeys(username);
        driver.findElement(By.id("password")).sendKeys("demo");
        driver.findElement(By.id("login-button")).click();
        awaitText(driver, "#link", "live");
        await(driver, d -> d.findElement(By.id("login")).isDisplayed() ? null : true);
    }

    /** With -Dscreenshots=true, writes the page to docs/&lt;name&gt;.png (see README "Web pages"). */
    protected static void screenshot(WebDriver driver, String name) {
        if (!Boolean.getBoolean("screenshots")) {
            return;
        }
        try {
            Path target = Path.of("docs", name + ".png");
            Files.createDirectories(target.getParent());
            Files.write(target, ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
