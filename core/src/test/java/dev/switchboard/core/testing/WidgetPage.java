package dev.switchboard.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Rocket.Chat's own livechat widget (the published {@code @rocket.chat/livechat}, unpacked by
 * {@code scripts/fetch-livechat-widget.sh}) in a {@link Chromium}, embedded the way Rocket.Chat documents it: a
 * page on another origin (localhost, where the host is 127.0.0.1) loads {@code /livechat/rocketchat-livechat.min.js},
 * which opens {@code /livechat} in an iframe. Methods act inside that iframe.
 */
public final class WidgetPage implements AutoCloseable {
    public static final String TITLE = "Switchboard test desk";

    private final Chromium browser;
    private final HttpServer embeddingSite;

    private WidgetPage(Chromium browser, HttpServer embeddingSite) {
        this.browser = browser;
        this.embeddingSite = embeddingSite;
    }

    /** The unpacked widget ({@code switchboard.livechat.dir}); skips the calling test when it is missing. */
    public static Path widgetDir(String test) {
        Path widget = Path.of(System.getProperty("switchboard.livechat.dir", "../target/livechat"));
        Chromium.requirePresent(test, Files.isRegularFile(widget.resolve("index.html")),
                "the widget in " + widget + " (scripts/fetch-livechat-widget.sh)");
        return widget;
    }

    /** Serves the embedding page for the host on {@code hostPort}, for {@code browser} to open. */
    public static WidgetPage serve(Chromium browser, int hostPort) throws IOException {
        return new WidgetPage(browser, embeddingSite(hostPort));
    }

    /** Opens the embedding page, waits for the widget's iframe and opens the chat from its button. */
    public void open() {
        browser.driver().get("http://localhost:" + embeddingSite.getAddress().getPort() + "/");
        WebDriverWait wait = new WebDriverWait(browser.driver(), Chromium.WAIT);
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.id("rocketchat-iframe")));
        // The widget starts minimised: its round chat button opens it.
        browser.click(By.cssSelector("[class*='screen__chat-button']"));
        wait.until(driver -> driver.findElement(By.cssSelector("[class*='header__title']")).getText().equals(TITLE));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("name")));
    }

    /**
     * Fills and submits the registration form (screenshot of the filled form unless {@code screenshot} is null);
     * answers the visitor token the widget made.
     */
    public String register(String name, String email, String screenshot) throws IOException {
        browser.driver().findElement(By.name("name")).sendKeys(name);
        browser.driver().findElement(By.name("email")).sendKeys(email);
        if (screenshot != null) {
            screenshot(screenshot);
        }
        browser.click(By.xpath("//button[@type='submit' and contains(text(), 'Start chat')]"));
        new WebDriverWait(browser.driver(), Chromium.WAIT).until(driver -> {
            JsonNode user = state().get("user");
            return user != null && user.has("_id");
        });
        new WebDriverWait(browser.driver(), Chromium.WAIT).until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("[contenteditable=true]")));
        return state().get("token").asText();
    }

    /**
     * Sends the visitor's first message (which opens the room) and waits until the widget has set the room up;
     * answers the room's id.
     */
    public String sendFirstMessage(String text) {
        WebElement composer = browser.driver().findElement(By.cssSelector("[contenteditable=true]"));
        composer.click();
        composer.sendKeys(text);
        composer.sendKeys(Keys.ENTER);
        browser.waitForText(text);
        waitForRoomSetUp();
        return state().get("room").get("_id").asText();
    }

    /** The widget's own state, which it keeps in the iframe's localStorage under "store". */
    public JsonNode state() {
        return Chromium.parse(String.valueOf(browser.script("return window.localStorage.getItem('store');")));
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
        new WebDriverWait(browser.driver(), Chromium.WAIT).until(driver -> {
            for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
                events.add(Chromium.parse(entry.getMessage()).path("message"));
            }
            Set<String> pending = new HashSet<>();
            boolean dropped = false;
            boolean resubscribed = false;
            for (JsonNode event : events) {
                String method = event.path("method").asText();
                if (!method.startsWith("Network.webSocketFrame")) {
                    continue;
                }
                JsonNode frame = Chromium.parse(event.path("params").path("response").path("payloadData").asText("{}"));
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

    /** A screenshot of the whole embedding page (the widget in it), then back into the widget's iframe. */
    public void screenshot(String name) throws IOException {
        browser.driver().switchTo().defaultContent();
        browser.screenshot(name);
        browser.driver().switchTo().frame("rocketchat-iframe");
    }

    @Override
    public void close() {
        embeddingSite.stop(0);
    }

    /** A web page on another origin with Rocket.Chat's embed snippet, as docs/conversations.md gives it. */
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
