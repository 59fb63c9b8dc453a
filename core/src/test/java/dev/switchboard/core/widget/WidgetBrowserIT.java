package dev.switchboard.core.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.TestHost;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Rocket.Chat's own livechat widget (the published {@code @rocket.chat/livechat}, unpacked by
 * {@code scripts/fetch-livechat-widget.sh}) in Debian's headless Chromium, embedded the way Rocket.Chat documents
 * it: a page on another origin loads {@code /livechat/rocketchat-livechat.min.js}, which opens {@code /livechat}
 * in an iframe. Without chromium, chromedriver or the widget the tests are skipped, unless {@code CI=true}.
 *
 * <p>{@link #widgetRendersAndRegistersTheVisitor} walks up to the registration. {@link #visitorChatsWithAnAgent}
 * goes on through a room, an agent's reply that arrives over the websocket, and the visitor closing the chat.
 * {@link #visitorIsServedForwardedAndClosedByAgents} is one chat with routing: queued, taken, forwarded to another
 * agent and closed by that agent.
 * With {@code -Dswitchboard.screenshots=true} the tests save their screenshots into {@code docs/images/}.
 */
class WidgetBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TITLE = "Switchboard test desk";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** True when no finite CSS animation or transition is running in the document. */
    private static final String SETTLED = "return document.getAnimations().every(a => a.playState !== 'running'"
            + " || a.effect.getComputedTiming().endTime === Infinity);";

    private TestHost host;
    private Operators operators;
    private HttpServer embeddingSite;
    private Path userDataDir;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        Path widget = Path.of(System.getProperty("switchboard.livechat.dir", "../target/livechat"));
        requirePresent(Files.isExecutable(CHROMIUM), CHROMIUM + " (apt-get install chromium)");
        requirePresent(Files.isExecutable(CHROMEDRIVER), CHROMEDRIVER + " (apt-get install chromium-driver)");
        requirePresent(Files.isRegularFile(widget.resolve("index.html")),
                "the widget in " + widget + " (scripts/fetch-livechat-widget.sh)");
        host = TestHost.start(builder -> builder.adminToken(Operators.ADMIN_TOKEN).livechatDir(widget));
        operators = new Operators(host);
        ApiClient.Response titled = operators.admin().post("/api/v1/settings/Livechat_title",
                Json.of(Map.of("value", TITLE)));
        assertEquals(200, titled.status(), titled.toString());
        embeddingSite = embeddingSite(host.port());
        userDataDir = Files.createTempDirectory("switchboard-chromium");
        browser = chromium(userDataDir);
    }

    @AfterEach
    void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (embeddingSite != null) {
            embeddingSite.stop(0);
        }
        if (host != null) {
            host.close();
        }
        if (userDataDir != null) {
            try (var paths = Files.walk(userDataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void widgetRendersAndRegistersTheVisitor() throws Exception {
        openWidget();
        String token = register("Ada Lovelace", "ada@example.com", "widget-registration.png");

        // The widget registered the visitor through the host, with what was typed into its form.
        ApiClient.Response visitor = host.client().get("/api/v1/livechat/visitor/" + token);
        assertEquals(200, visitor.status(), visitor.toString());
        assertEquals("Ada Lovelace", visitor.json().get("visitor").get("name").asText());
        assertEquals("ada@example.com",
                visitor.json().get("visitor").get("visitorEmails").get(0).get("address").asText());
        // And the next configuration the widget loads knows the visitor.
        JsonNode config = host.client().get("/api/v1/livechat/config?token=" + token).json().get("config");
        assertEquals("Ada Lovelace", config.get("guest").get("name").asText());
        screenshot("widget-chat.png");
    }

    @Test
    void visitorChatsWithAnAgent() throws Exception {
        openWidget();
        String token = register("Grace Hopper", "grace@example.com", null);

        String rid = startChat("Hello, is anyone there?");
        ApiClient.Response history = host.client().get("/api/v1/livechat/messages.history/" + rid + "?token=" + token);
        assertEquals(200, history.status(), history.toString());
        assertTrue(history.text().contains("Hello, is anyone there?"), history.toString());

        // An agent answers; writing into a room nobody serves makes it the room's agent (agentData event).
        ApiClient agent = operators.userWithRoles("marie", "Marie Curie", List.of("user", "agent"));
        ApiClient.Response reply = agent.post("/api/v1/chat.sendMessage",
                Json.of(Map.of("message", Map.of("rid", rid, "msg", "Hi Grace, how can we help?"))));
        assertEquals(200, reply.status(), reply.toString());
        waitForText("Hi Grace, how can we help?"); // over the websocket: the page is never reloaded
        // The header shows the serving agent instead of the desk's title, as in Rocket.Chat.
        waitForHeader("Marie Curie");
        screenshot("widget-agent-reply.png");

        // The footer's Options menu → "Finish this chat" → the confirmation's "Yes" (POST livechat/room.close).
        click(By.cssSelector("button[class*='footer__options']"));
        click(By.xpath("//*[contains(text(), 'Finish this chat')]"));
        click(By.xpath("//button[contains(text(), 'Yes')]"));
        new WebDriverWait(browser, WAIT).until(driver -> {
            JsonNode room = widgetState().get("room");
            return room == null || room.isNull();
        });
        waitForText("Thanks for talking with us"); // the widget's chat-finished screen, with its "New Chat" button
        JsonNode config = host.client().get("/api/v1/livechat/config?token=" + token).json().get("config");
        assertFalse(config.has("room"), "the visitor's room is closed: " + config);
        JsonNode closed = host.client().get("/api/v1/livechat/messages.history/" + rid + "?token=" + token).json();
        assertEquals("livechat-close", closed.get("messages").get(0).get("t").asText(), closed.toString());
        screenshot("widget-closed.png");
    }

    /**
     * One chat with routing (Manual_Selection): the visitor's room waits in the queue, an agent takes it over the
     * API, forwards it to a second agent, who closes it with {@code room.closeByUser}; the widget follows each step
     * live (the agent in its header, then the chat-finished screen) without a reload.
     */
    @Test
    void visitorIsServedForwardedAndClosedByAgents() throws Exception {
        ApiClient admin = operators.admin();
        ApiClient.Response routing = admin.post("/api/v1/settings/Livechat_Routing_Method",
                Json.of(Map.of("value", "Manual_Selection")));
        assertEquals(200, routing.status(), routing.toString());
        // The first agent is a manager too: forwarding needs transfer-livechat-guest, as in Rocket.Chat.
        Operators.Login first = operators.login("ada", "Ada Byron", List.of("agent", "manager"));
        Operators.Login second = operators.login("alan", "Alan Turing", List.of("agent"));
        openWidget();
        String token = register("Katherine Johnson", "katherine@example.com", null);

        String rid = startChat("My invoice is wrong");

        // The room waits in the queue; the first agent takes it over the API.
        String inquiryId = null;
        for (JsonNode inquiry : first.client().get("/api/v1/livechat/inquiries.queuedForUser").json()
                .get("inquiries")) {
            if (inquiry.get("rid").asText().equals(rid)) {
                inquiryId = inquiry.get("_id").asText();
            }
        }
        assertTrue(inquiryId != null, "the room is queued");
        ApiClient.Response taken = first.client().post("/api/v1/livechat/inquiries.take",
                Json.of(Map.of("inquiryId", inquiryId)));
        assertEquals(200, taken.status(), taken.toString());
        waitForHeader("Ada Byron");

        // Forwarded to the second agent: the header changes over the websocket.
        ApiClient.Response forwarded = first.client().post("/api/v1/livechat/room.forward",
                Json.of(Map.of("roomId", rid, "userId", second.id(), "comment", "Billing")));
        assertEquals(200, forwarded.status(), forwarded.toString());
        waitForHeader("Alan Turing");
        ApiClient.Response reply = second.client().post("/api/v1/chat.sendMessage",
                Json.of(Map.of("message", Map.of("rid", rid, "msg", "Hi Katherine, let me fix that invoice."))));
        assertEquals(200, reply.status(), reply.toString());
        waitForText("Hi Katherine, let me fix that invoice.");
        screenshot("widget-forwarded.png");

        // The second agent closes the chat: the widget ends it by itself.
        ApiClient.Response closed = second.client().post("/api/v1/livechat/room.closeByUser",
                Json.of(Map.of("rid", rid, "comment", "Invoice corrected")));
        assertEquals(200, closed.status(), closed.toString());
        waitForText("Thanks for talking with us");
        new WebDriverWait(browser, WAIT).until(driver -> {
            JsonNode room = widgetState().get("room");
            return room == null || room.isNull();
        });
        JsonNode config = host.client().get("/api/v1/livechat/config?token=" + token).json().get("config");
        assertFalse(config.has("room"), "the visitor's room is closed: " + config);
    }

    /** The visitor's first message, typed into the composer; answers the room it opened once the widget set it up. */
    private String startChat(String text) {
        WebElement composer = browser.findElement(By.cssSelector("[contenteditable=true]"));
        composer.click();
        composer.sendKeys(text);
        composer.sendKeys(Keys.ENTER);
        waitForText(text);
        waitForRoomSetUp();
        return widgetState().get("room").get("_id").asText();
    }

    /** Waits until the widget's header reads {@code title} (the desk's title, or the serving agent's name). */
    private void waitForHeader(String title) {
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(driver ->
                driver.findElement(By.cssSelector("[class*='header__title']")).getText().equals(title));
    }

    /** Opens the embedding page, waits for the widget's iframe and opens the chat from its button. */
    private void openWidget() {
        browser.get("http://localhost:" + embeddingSite.getAddress().getPort() + "/");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.id("rocketchat-iframe")));
        // The widget starts minimised: its round chat button opens it.
        click(By.cssSelector("[class*='screen__chat-button']"));
        waitForHeader(TITLE);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("name")));
    }

    /**
     * Fills and submits the registration form (screenshot of the filled form unless {@code screenshot} is null);
     * answers the visitor token the widget made.
     */
    private String register(String name, String email, String screenshot) throws IOException {
        browser.findElement(By.name("name")).sendKeys(name);
        browser.findElement(By.name("email")).sendKeys(email);
        if (screenshot != null) {
            screenshot(screenshot);
        }
        click(By.xpath("//button[@type='submit' and contains(text(), 'Start chat')]"));
        new WebDriverWait(browser, WAIT).until(driver -> {
            JsonNode user = widgetState().get("user");
            return user != null && user.has("_id");
        });
        new WebDriverWait(browser, WAIT).until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("[contenteditable=true]")));
        return widgetState().get("token").asText();
    }

    /** The widget's own state, which it keeps in the iframe's localStorage under "store". */
    private JsonNode widgetState() {
        return parse(String.valueOf(
                ((JavascriptExecutor) browser).executeScript("return window.localStorage.getItem('store');")));
    }

    /**
     * Waits until the widget has set its room up. After the first message it fetches the room's history, drops its
     * subscriptions ({@code unsub}), subscribes to the room's streams again and shows the history it fetched: a
     * message arriving over the websocket in between is overwritten (the unmodified widget's own race, with
     * Rocket.Chat too; a person answering takes longer). Set up means: after the widget's last {@code unsub},
     * it subscribed to the room's messages again and every subscription it sent since is {@code ready}, read
     * from the browser's websocket frames.
     */
    private void waitForRoomSetUp() {
        List<JsonNode> events = new ArrayList<>();
        new WebDriverWait(browser, WAIT).until(driver -> {
            for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
                events.add(parse(entry.getMessage()).path("message"));
            }
            Set<String> pending = new HashSet<>();
            boolean dropped = false;
            boolean resubscribed = false;
            for (JsonNode event : events) {
                String method = event.path("method").asText();
                if (!method.startsWith("Network.webSocketFrame")) {
                    continue;
                }
                JsonNode frame = parse(event.path("params").path("response").path("payloadData").asText("{}"));
                String msg = frame.path("msg").asText();
                if (method.endsWith("Sent") && msg.equals("unsub")) {
                    dropped = true;
                    resubscribed = false;
                    pending.clear();
                } else if (method.endsWith("Sent") && msg.equals("sub") && dropped) {
                    pending.add(frame.path("id").asText());
                    resubscribed |= frame.path("name").asText().equals("stream-room-messages");
                } else if (method.endsWith("Received") && msg.equals("ready")) {
                    frame.path("subs").forEach(id -> pending.remove(id.asText()));
                }
            }
            return resubscribed && pending.isEmpty();
        });
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("unreadable JSON from the browser: " + json, e);
        }
    }

    private void waitForText(String text) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//*[contains(text(), " + xpathLiteral(text) + ")]")));
    }

    /**
     * Clicks once the element is clickable and nothing on the page is moving: the widget's confirmation slides in,
     * and a click during that lands beside its button. The widget re-renders as its state arrives, so a stale find
     * retries.
     */
    private void click(By locator) {
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(driver -> {
            if (!Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(SETTLED))) {
                return false;
            }
            WebElement element = ExpectedConditions.elementToBeClickable(locator).apply(driver);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }

    private static String xpathLiteral(String text) {
        return "'" + text.replace("'", "") + "'";
    }

    /** Saves a screenshot of the whole page into docs/images/ when -Dswitchboard.screenshots=true. */
    private void screenshot(String name) throws IOException {
        if (!Boolean.getBoolean("switchboard.screenshots")) {
            return;
        }
        browser.switchTo().defaultContent();
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path images = Path.of(System.getProperty("switchboard.project.root", ".."), "docs", "images");
        Files.createDirectories(images);
        Files.copy(shot, images.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        browser.switchTo().frame("rocketchat-iframe");
    }

    private static void requirePresent(boolean present, String what) {
        if (present) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("The widget's browser test needs " + what);
        }
        Assumptions.abort("Skipped: the widget's browser test needs " + what);
    }

    private static WebDriver chromium(Path userDataDir) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1024,768", "--user-data-dir=" + userDataDir,
                // The widget's iframe (another origin) in the page's process, so its network events are logged.
                "--disable-site-isolation-trials", "--disable-features=IsolateOrigins,site-per-process");
        // The network events (websocket frames included) of the page and, with site isolation off, of its
        // cross-origin iframe: waitForRoomSetUp reads them.
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /**
     * A web page on another origin (localhost, where the host is 127.0.0.1) with Rocket.Chat's embed snippet,
     * as docs/conversations.md gives it.
     */
    private static HttpServer embeddingSite(int hostPort) throws IOException {
        String widgetUrl = "http://127.0.0.1:" + hostPort + "/livechat";
        String page = "<!doctype html><html><head><title>A shop</title></head><body><h1>A shop</h1>"
                + "<p>A web page that embeds the livechat widget.</p>"
                + "<script type=\"text/javascript\">"
                + "(function(w, d, s, u) {"
                + "w.RocketChat = function(c) { w.RocketChat._.push(c) }; w.RocketChat._ = []; w.RocketChat.url = u;"
                + "var h = d.getElementsByTagName(s)[0], j = d.createElement(s);"
                + "j.async = true; j.src = '" + widgetUrl + "/rocketchat-livechat.min.js?_=201903270000';"
                + "h.parentNode.insertBefore(j, h);"
                + "})(window, document, 'script', '" + widgetUrl + "');"
                + "</script></body></html>";
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
