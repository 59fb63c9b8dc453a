package dev.switchboard.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium for the browser tests (the widget's and the console's): starting it with its own
 * profile directory, skipping a test when it or its driver is missing (failing instead with {@code CI=true}),
 * waiting and clicking the way pages that animate need, and screenshots into {@code docs/images/} when
 * {@code -Dswitchboard.screenshots=true}.
 */
public final class Chromium implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** True when no finite CSS animation or transition is running in the document. */
    private static final String SETTLED = "return document.getAnimations().every(a => a.playState !== 'running'"
            + " || a.effect.getComputedTiming().endTime === Infinity);";

    private final Path userDataDir;
    private final WebDriver driver;

    private Chromium(Path userDataDir, WebDriver driver) {
        this.userDataDir = userDataDir;
        this.driver = driver;
    }

    /** Skips (or with {@code CI=true} fails) the calling test unless Chromium and its driver are installed. */
    public static void requireInstalled(String test) {
        requirePresent(test, Files.isExecutable(CHROMIUM), CHROMIUM + " (apt-get install chromium)");
        requirePresent(test, Files.isExecutable(CHROMEDRIVER), CHROMEDRIVER + " (apt-get install chromium-driver)");
    }

    /** Skips (or with {@code CI=true} fails) {@code test} when {@code present} is false, naming {@code what}. */
    public static void requirePresent(String test, boolean present, String what) {
        if (present) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(test + " needs " + what);
        }
        Assumptions.abort("Skipped: " + test + " needs " + what);
    }

    /**
     * A headless browser of {@code width} × {@code height} pixels with a fresh profile. Its network events
     * (websocket frames included, also of cross-origin iframes: site isolation is off) are in the performance log.
     */
    public static Chromium start(int width, int height) throws IOException {
        Path userDataDir = Files.createTempDirectory("switchboard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=" + width + "," + height, "--user-data-dir=" + userDataDir,
                "--disable-site-isolation-trials", "--disable-features=IsolateOrigins,site-per-process");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new Chromium(userDataDir, new ChromeDriver(service, options));
    }

    public WebDriver driver() {
        return driver;
    }

    /** Runs {@code script} in the current page or frame. */
    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Clicks once the element is clickable and nothing on the page is moving (a click during a slide-in lands
     * beside its button). A page that re-renders as its state arrives makes a find stale: it retries.
     */
    public void click(By locator) {
        new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(browser -> {
            if (!Boolean.TRUE.equals(script(SETTLED))) {
                return false;
            }
            WebElement element = ExpectedConditions.elementToBeClickable(locator).apply(browser);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /** Waits until an element holding {@code text} is in the current page or frame. */
    public void waitForText(String text) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//*[contains(text(), '" + text.replace("'", "") + "')]")));
    }

    /** Saves a screenshot of the current window into docs/images/ when -Dswitchboard.screenshots=true. */
    public void screenshot(String name) throws IOException {
        if (screenshotsWanted()) {
            saveScreenshot(name, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        }
    }

    /** True when the run asked for the docs' screenshots (-Dswitchboard.screenshots=true). */
    static boolean screenshotsWanted() {
        return Boolean.getBoolean("switchboard.screenshots");
    }

    /** Writes a browser's PNG into the project's docs/images/ as {@code name}. */
    static void saveScreenshot(String name, byte[] png) throws IOException {
        Path images = Path.of(System.getProperty("switchboard.project.root", ".."), "docs", "images");
        Files.createDirectories(images);
        Files.write(images.resolve(name), png);
    }

    /** Reads JSON the browser handed over (log entries, storage). */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("unreadable JSON from the browser: " + json, e);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var paths = Files.walk(userDataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
