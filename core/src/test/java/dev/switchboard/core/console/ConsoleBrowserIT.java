package dev.switchboard.core.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.plugin.whatsapp.FakeGraphApi;
import dev.switchboard.core.plugin.whatsapp.WhatsAppBridgeHarness;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Chromium;
import dev.switchboard.core.testing.Closer;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.TestHost;
import dev.switchboard.core.testing.WebhookReceiver;
import dev.switchboard.core.testing.WidgetPage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console (docs/console.md) in Debian's headless Chromium against a real host with the real WhatsApp bridge
 * jar and Rocket.Chat's widget: an operator signs in, the session survives a reload, configures the bridge from
 * its settings form and sees it go enabled, finds the visitor the bridge created by its BSUID, takes the chat a
 * second browser (the widget) started, sees the visitor typing, answers, and the reply arrives in the widget;
 * signing out revokes the login token. Skipped without chromium, chromedriver or the widget, unless
 * {@code CI=true}. With {@code -Dswitchboard.screenshots=true} it saves the console's screenshots into
 * {@code docs/images/}.
 */
class ConsoleBrowserIT {
    private static final String TEST = "The console's browser test";
    static final String BSUID = "BR.1502576394655843"; // whatsapp/text-phone-parent.json's sender
    static final String PASSWORD = "console-test-password-42";

    private final Closer closer = new Closer();
    private TestHost host;
    private Operators operators;
    private Chromium console;
    private Chromium visitorBrowser;
    private WidgetPage widget;
    private FakeGraphApi graph;

    @BeforeEach
    void start() throws Exception {
        Chromium.requireInstalled(TEST);
        Path widgetDir = WidgetPage.widgetDir(TEST);
        graph = closer.add(new FakeGraphApi(BSUID)); // accepts each message as wamid.GRAPH-<n>; closed last
        host = closer.add(TestHost.start(builder -> builder.adminToken(Operators.ADMIN_TOKEN).livechatDir(widgetDir)
                .pluginsDir(WhatsAppBridgeHarness.pluginsDirWithBridge())));
        operators = new Operators(host);
        setting("Livechat_title", WidgetPage.TITLE);
        setting("Livechat_Routing_Method", "Manual_Selection"); // the widget's chat waits in the queue
        console = closer.add(Chromium.start(1280, 900));
    }

    @AfterEach
    void stop() throws Exception {
        closer.close();
    }

    @Test
    void operatorConfiguresAnAppFindsAVisitorAndAnswersAChat() throws Exception {
        ApiClient.Response created = createOlivia(operators);
        WebDriver page = console.driver();

        // Sign in with username and password; the session survives a reload.
        page.get("http://127.0.0.1:" + host.port() + "/console");
        visible(By.name("username")).sendKeys("olivia");
        assertFalse(page.findElement(By.id("sign-out")).isDisplayed(), "nobody is signed in yet");
        page.findElement(By.name("password")).sendKeys(PASSWORD);
        console.screenshot("console-sign-in.png");
        page.findElement(By.cssSelector("form button[type=submit]")).click();
        visible(By.cssSelector("nav a[href='#/apps']"));
        page.navigate().refresh();
        assertEquals("Olivia Operator", visible(By.id("who-name")).getText());
        String authToken = String.valueOf(console.script(
                "return JSON.parse(sessionStorage.getItem('switchboard.console.session')).authToken;"));

        // Apps: the bridge waits for its required settings; fill them in from the form and it goes enabled.
        page.findElement(By.cssSelector("nav a[href='#/apps']")).click();
        WebElement bridgeStatus = visible(By.cssSelector("[data-status]"));
        assertEquals("invalid_settings_disabled", bridgeStatus.getAttribute("data-status"));
        console.screenshot("console-apps.png");
        page.findElement(By.linkText(WhatsAppBridgeHarness.APP)).click();
        visible(By.name("setting-verifyToken")).sendKeys(WhatsAppBridgeHarness.VERIFY_TOKEN);
        page.findElement(By.name("setting-appSecret")).sendKeys(WhatsAppBridgeHarness.APP_SECRET);
        page.findElement(By.cssSelector("form.card button[type=submit]")).click();
        new WebDriverWait(page, Chromium.WAIT).ignoring(StaleElementReferenceException.class).until(driver ->
                "auto_enabled".equals(
                driver.findElement(By.cssSelector("#app-status [data-status]")).getAttribute("data-status")));
        console.waitForText("Settings saved.");
        JsonNode app = operators.admin().get("/api/apps/" + WhatsAppBridgeHarness.APP).json().get("app");
        assertEquals("auto_enabled", app.get("status").asText(), app.toString());
        console.screenshot("console-app-settings.png");

        // Visitors: a WhatsApp message creates a visitor; the console finds it by its BSUID.
        assertEquals(200, WhatsAppBridgeHarness.postSigned(host.client(),
                WhatsAppBridgeHarness.fixture("text-phone-parent.json")).status());
        awaitSearchHit(operators, BSUID);
        page.findElement(By.cssSelector("nav a[href='#/visitors']")).click();
        visible(By.name("term")).sendKeys(BSUID);
        page.findElement(By.cssSelector("form[role=search] button")).click();
        visible(By.linkText("Ana Souza")).click();
        console.waitForText("External ids");
        String visitorPage = page.findElement(By.tagName("main")).getText();
        assertTrue(visitorPage.contains(BSUID), visitorPage);
        assertTrue(visitorPage.contains(WhatsAppBridgeHarness.APP), visitorPage);
        console.screenshot("console-visitor.png");

        // Conversations: the page is open when the widget (a second browser) starts a chat; the chat appears in
        // the queue over stream-livechat-inquiry-queue-observer (the page does not poll the queue); the operator
        // takes it. The WhatsApp visitor's room waits in the queue too.
        page.findElement(By.cssSelector("nav a[href='#/conversations']")).click();
        visible(By.cssSelector("[data-inquiry]"));
        visitorBrowser = closer.add(Chromium.start(1024, 768));
        widget = closer.add(WidgetPage.serve(visitorBrowser, host.port()));
        widget.open();
        widget.register("Grace Hopper", "grace@example.com", null);
        String rid = widget.sendFirstMessage("Hello, is anyone there?");
        By takeGrace = By.cssSelector("[data-inquiry] button[aria-label='Take the chat with Grace Hopper']");
        visible(takeGrace);
        console.screenshot("console-conversations.png");
        console.click(takeGrace);
        new WebDriverWait(page, Chromium.WAIT).until(ExpectedConditions.urlContains("#/rooms/" + rid));
        console.waitForText("Hello, is anyone there?");
        // The header comes from rooms.info: the room's title and its state.
        new WebDriverWait(page, Chromium.WAIT).until(driver ->
                "Open".equals(driver.findElement(By.cssSelector("main p.hint")).getText()));
        assertEquals("Grace Hopper", page.findElement(By.cssSelector("main h1")).getText());

        // The visitor types: the console shows it.
        WebElement composer = visitorBrowser.driver().findElement(By.cssSelector("[contenteditable=true]"));
        composer.click();
        composer.sendKeys("One more");
        new WebDriverWait(page, Chromium.WAIT).until(driver ->
                driver.findElement(By.cssSelector(".typing")).getText().contains("is typing"));

        // The operator answers from the reply box; the reply reaches the widget over its websocket.
        page.findElement(By.name("msg")).sendKeys("Hi Grace, Olivia here. How can I help?");
        page.findElement(By.cssSelector("form.reply button[type=submit]")).click();
        visitorBrowser.waitForText("Hi Grace, Olivia here. How can I help?");
        console.waitForText("Hi Grace, Olivia here. How can I help?");
        console.screenshot("console-room.png");
        JsonNode served = operators.admin().get("/api/v1/livechat/rooms?open=true").json().get("rooms").get(0);
        assertEquals("olivia", served.get("servedBy").get("username").asText(), served.toString());

        // WhatsApp: Ana sends an image and a location; the operator takes her chat and sees both drawn; the reply
        // goes to the (fake) Graph API and its delivery status follows live: accepted, then delivered.
        operators.admin().post("/api/apps/" + WhatsAppBridgeHarness.APP + "/settings", Json.of(Map.of("settings",
                Map.of("accessToken", "EAAG-console-test-token", "graphApiVersion", "v24.0",
                        "graphBaseUrl", graph.baseUrl()))));
        assertEquals(200, WhatsAppBridgeHarness.postSigned(host.client(), anaSendsAnImageAndALocation()).status());
        page.findElement(By.cssSelector("nav a[href='#/conversations']")).click();
        console.click(By.cssSelector("[data-inquiry] button[aria-label='Take the chat with Ana Souza']"));
        WebElement image = visible(By.cssSelector(".channel.media"));
        assertTrue(image.getText().contains("Image: image/jpeg"), image.getText());
        assertTrue(image.getText().contains("Nota fiscal"), image.getText());
        String location = visible(By.cssSelector(".channel.location")).getText();
        assertTrue(location.contains("MASP · Av. Paulista, 1578"), location);
        assertTrue(location.contains("Map of -23.5613, -46.6565"), location);
        page.findElement(By.name("msg")).sendKeys("Olá Ana! Recebi a nota fiscal.");
        page.findElement(By.cssSelector("form.reply button[type=submit]")).click();
        visible(By.cssSelector(".delivery[data-status='accepted']"));
        assertEquals(200, WhatsAppBridgeHarness.postSigned(host.client(), delivered("wamid.GRAPH-1")).status());
        WebElement delivery = visible(By.cssSelector(".delivery[data-status='delivered']"));
        assertTrue(delivery.getText().startsWith("Delivered"), delivery.getText());
        assertEquals(1, graph.calls().size(), "one message to the Graph API");
        console.screenshot("console-channel.png");

        // At 360 px the page still fits: nothing scrolls sideways.
        page.manage().window().setSize(new Dimension(360, 740));
        page.findElement(By.cssSelector("nav a[href='#/conversations']")).click();
        visible(By.cssSelector("[data-rid]"));
        assertEquals(Boolean.TRUE, console.script(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;"));
        console.screenshot("console-narrow.png");
        page.manage().window().setSize(new Dimension(1280, 900));

        // The operator (an admin: transfer-livechat-guest) forwards Grace's chat to a second agent, online (signed
        // in); the widget shows the new agent. Then the operator closes it; the widget shows its chat-finished screen.
        operators.login("alan", "Alan Agent", List.of("agent"));
        page.get("http://127.0.0.1:" + host.port() + "/console#/rooms/" + rid);
        new WebDriverWait(page, Chromium.WAIT).until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//select[@name='forward-to']//option[.='Alan Agent']")));
        new Select(page.findElement(By.name("forward-to"))).selectByVisibleText("Alan Agent");
        console.click(By.xpath("//button[.='Forward']"));
        new WebDriverWait(page, Chromium.WAIT).until(ExpectedConditions.urlContains("#/conversations"));
        widgetHeader("Alan Agent");
        page.get("http://127.0.0.1:" + host.port() + "/console#/rooms/" + rid);
        visible(By.name("comment")).sendKeys("Solved by Alan");
        console.click(By.cssSelector("button.danger"));
        new WebDriverWait(page, Chromium.WAIT).until(ExpectedConditions.urlContains("#/conversations"));
        visitorBrowser.waitForText("Thanks for talking with us");
        JsonNode closed = operators.admin().get("/api/v1/rooms.info?roomId=" + rid).json().get("room");
        assertFalse(closed.get("open") != null && closed.get("open").asBoolean(), closed.toString());
        assertEquals("alan", closed.get("servedBy").get("username").asText(), closed.toString());

        // Sign-out revokes the login token.
        String userId = created.json().get("user").get("_id").asText();
        page.findElement(By.id("sign-out")).click();
        visible(By.name("username"));
        assertFalse(page.findElement(By.cssSelector("nav")).isDisplayed());
        ApiClient.Response revoked = host.client().withHeaders(Map.of("X-User-Id", userId, "X-Auth-Token",
                authToken)).get("/api/v1/me");
        assertEquals(401, revoked.status(), revoked.toString());
        assertNoConsoleErrors();
    }

    @Test
    void theRolesDecideThePagesAndTheHostsMessagesAreShown() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            rolesDecideThePages(receiver);
        }
    }

    private void rolesDecideThePages(WebhookReceiver receiver) throws Exception {
        WebDriver page = console.driver();
        // The bootstrap admin signs in with its token; an admin sees every page.
        page.get("http://127.0.0.1:" + host.port() + "/console");
        console.click(By.name("use-token"));
        visible(By.name("token")).sendKeys(Operators.ADMIN_TOKEN);
        page.findElement(By.cssSelector("form button[type=submit]")).click();
        assertEquals(List.of("Conversations", "Visitors", "Apps", "Desks"), navigation());

        // Desks: the host refuses a timeout below its minimum; its message is shown beside the setting.
        page.findElement(By.cssSelector("nav a[href='#/desks']")).click();
        visible(By.name("Livechat_webhookUrl")).sendKeys(receiver.url());
        page.findElement(By.name("Livechat_webhook_on_offline_msg")).click();
        WebElement timeout = page.findElement(By.name("Livechat_http_timeout"));
        timeout.clear();
        timeout.sendKeys("0");
        page.findElement(By.cssSelector("form.card button[type=submit]")).click();
        console.waitForText("Value for setting Livechat_http_timeout must be greater than or equal to 1"
                + " [error-invalid-setting-value]");
        assertEquals(receiver.url(), operators.admin()
                .get("/api/v1/settings/Livechat_webhookUrl").json().get("value").asText());
        timeout = page.findElement(By.name("Livechat_http_timeout"));
        timeout.clear();
        timeout.sendKeys("5000");
        page.findElement(By.name("Livechat_secret_token")).sendKeys("desk-shared-secret");
        page.findElement(By.cssSelector("form.card button[type=submit]")).click();
        console.waitForText("Webhook settings saved.");
        assertEquals(5000, operators.admin().get("/api/v1/settings/Livechat_http_timeout").json()
                .get("value").asInt());
        JsonNode secret = operators.admin().get("/api/v1/settings/Livechat_secret_token").json();
        assertTrue(secret.get("configured").asBoolean(), secret.toString());

        // Delivery: the desk refuses an offline message's event (410): a dead letter, shown after Refresh with
        // why it failed; once the desk accepts again, replaying it sends the same event (its id) again.
        receiver.answer(410);
        assertEquals(200, operators.anonymous().post("/api/v1/livechat/offline.message", Json.of(Map.of(
                "name", "Dora Dead", "email", "dora@example.com", "message", "Call me back"))).status());
        awaitDeadLetters(1);
        String deadId = operators.admin().get("/api/v1/livechat/webhooks.deadLetters").json()
                .at("/deadLetters/0/_id").asText();
        console.click(By.xpath("//button[.='Refresh']"));
        WebElement letter = visible(By.name("dead-letter"));
        assertEquals("LivechatOfflineMessage", page.findElement(By.cssSelector(".dead-letters label")).getText());
        String why = page.findElement(By.id(letter.getAttribute("aria-describedby"))).getText();
        assertTrue(why.contains("HTTP 410"), why);
        assertTrue(page.findElement(By.id("backlog")).getText().startsWith("No event waits"));
        console.screenshot("console-desks.png");
        receiver.answer(200);
        letter.click();
        console.click(By.xpath("//button[.='Replay chosen']"));
        console.waitForText("1 event(s) queued again.");
        List<WebhookReceiver.Request> sent = receiver.await(requests -> !requests.isEmpty(), 30);
        assertEquals(deadId, sent.get(0).eventId(), "a replay keeps the event's id");
        awaitDeadLetters(0);
        page.findElement(By.id("sign-out")).click();

        // An agent sees conversations and visitors only; the apps page sends it back to its first page.
        ApiClient.Response agent = operators.admin().post("/api/v1/users.create", Json.of(Map.of(
                "username", "alan", "name", "Alan Agent", "password", PASSWORD, "roles", List.of("agent"))));
        assertEquals(200, agent.status(), agent.toString());
        visible(By.name("username")).sendKeys("alan");
        page.findElement(By.name("password")).sendKeys(PASSWORD);
        page.findElement(By.cssSelector("form button[type=submit]")).click();
        visible(By.id("who-name"));
        assertEquals(List.of("Conversations", "Visitors"), navigation());
        page.get("http://127.0.0.1:" + host.port() + "/console#/apps");
        new WebDriverWait(page, Chromium.WAIT).until(ExpectedConditions.urlContains("#/conversations"));

        // A visitor's page lists only the agent's own rooms of that visitor (livechat/rooms refuses an agent
        // every room): this visitor's room waits for someone else.
        String vera = operators.anonymous().post("/api/v1/livechat/visitor", Json.of(Map.of("visitor",
                Map.of("token", "vera-visitor-page", "name", "Vera Visitor")))).json().get("visitor").get("_id")
                .asText();
        assertEquals(200, operators.anonymous().get("/api/v1/livechat/room?token=vera-visitor-page").status());
        page.get("http://127.0.0.1:" + host.port() + "/console#/visitors/" + vera);
        console.waitForText("No rooms.");
        page.findElement(By.cssSelector("nav a[href='#/conversations']")).click();

        // Availability is one toggle showing the agent's state from GET /api/v1/me; a click switches it.
        availability("true");
        console.click(By.id("availability"));
        availability("false");
        String alanId = agent.json().get("user").get("_id").asText();
        JsonNode alan = operators.admin().get("/api/v1/livechat/users/agent/" + alanId).json().get("user");
        assertEquals("not-available", alan.get("statusLivechat").asText(), alan.toString());
        page.navigate().refresh();
        availability("false");
        assertNoConsoleErrors("/api/v1/settings/Livechat_http_timeout - Failed to load resource: the server"
                + " responded with a status of 400");
    }

    /** Creates olivia, an admin and agent who signs in with {@link #PASSWORD}; answers users.create's answer. */
    static ApiClient.Response createOlivia(Operators operators) {
        ApiClient.Response created = operators.admin().post("/api/v1/users.create", Json.of(Map.of(
                "username", "olivia", "name", "Olivia Operator", "password", PASSWORD,
                "roles", List.of("admin", "agent"))));
        assertEquals(200, created.status(), created.toString());
        return created;
    }

    /** Ana's image and location, sent now (inside WhatsApp's 24-hour window), as every-kind.json has them. */
    private static String anaSendsAnImageAndALocation() {
        long now = Instant.now().getEpochSecond();
        return ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{"
                + "\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
                + "\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"106540352242922\"},"
                + "\"contacts\":[{\"profile\":{\"name\":\"Ana Souza\"},\"user_id\":\"%1$s\"}],\"messages\":["
                + "{\"from_user_id\":\"%1$s\",\"id\":\"wamid.CONSOLE-IMAGE\",\"timestamp\":\"%2$d\",\"type\":\"image\","
                + "\"image\":{\"caption\":\"Nota fiscal\",\"mime_type\":\"image/jpeg\",\"id\":\"1047583206124801\"}},"
                + "{\"from_user_id\":\"%1$s\",\"id\":\"wamid.CONSOLE-LOCATION\",\"timestamp\":\"%3$d\","
                + "\"type\":\"location\",\"location\":{\"latitude\":-23.5613,\"longitude\":-46.6565,\"name\":\"MASP\","
                + "\"address\":\"Av. Paulista, 1578 - Bela Vista, São Paulo\"}}]}}]}]}").formatted(BSUID, now, now + 1);
    }

    /** Meta's receipt: the message {@code wamid} reached Ana's phone. */
    private static String delivered(String wamid) {
        return ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{"
                + "\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
                + "\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"106540352242922\"},"
                + "\"statuses\":[{\"id\":\"%s\",\"status\":\"delivered\",\"timestamp\":\"%d\","
                + "\"recipient_user_id\":\"%s\"}]}}]}]}").formatted(wamid, Instant.now().getEpochSecond(), BSUID);
    }

    /** Waits until the widget's header reads {@code title} (the serving agent's name). */
    private void widgetHeader(String title) {
        new WebDriverWait(visitorBrowser.driver(), Chromium.WAIT).ignoring(StaleElementReferenceException.class)
                .until(driver -> driver.findElement(By.cssSelector("[class*='header__title']")).getText()
                        .equals(title));
    }

    /** Waits until the availability toggle is enabled and shows {@code pressed}. */
    private void availability(String pressed) {
        new WebDriverWait(console.driver(), Chromium.WAIT).ignoring(StaleElementReferenceException.class)
                .until(driver -> {
                    WebElement toggle = driver.findElement(By.id("availability"));
                    return toggle.isEnabled() && pressed.equals(toggle.getAttribute("aria-pressed"));
                });
    }

    private List<String> navigation() {
        new WebDriverWait(console.driver(), Chromium.WAIT).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("nav a")));
        return console.driver().findElements(By.cssSelector("nav a")).stream().map(WebElement::getText).toList();
    }

    /**
     * A page that broke its own Content-Security-Policy or threw would say so in the browser's log. Chromium also
     * logs every answer with an error status; those the test caused on purpose are named in {@code expected}.
     */
    private void assertNoConsoleErrors(String... expected) {
        String errors = console.driver().manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(entry -> entry.getMessage())
                .filter(message -> Arrays.stream(expected).noneMatch(message::contains))
                .collect(Collectors.joining("\n"));
        assertEquals("", errors);
    }

    private WebElement visible(By locator) {
        return new WebDriverWait(console.driver(), Chromium.WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private void setting(String id, String value) {
        ApiClient.Response set = operators.admin().post("/api/v1/settings/" + id, Json.of(Map.of("value", value)));
        assertEquals(200, set.status(), set.toString());
    }

    /** Waits until the host lists {@code count} webhook dead letters. */
    private void awaitDeadLetters(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Chromium.WAIT.toNanos();
        while (operators.admin().get("/api/v1/livechat/webhooks.deadLetters").json().path("total").asInt() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never " + count + " dead letter(s)");
            }
            Thread.sleep(100);
        }
    }

    /** The bridge stores its deliveries asynchronously: waits until the visitor search finds the entity id. */
    static void awaitSearchHit(Operators operators, String entityId) throws InterruptedException {
        long deadline = System.nanoTime() + Chromium.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode found = operators.admin().get("/api/v1/livechat/visitors.search?term=" + entityId).json();
            if (found.path("total").asInt() > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the bridge's visitor never appeared: " + entityId);
    }
}
