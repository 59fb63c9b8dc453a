package dev.switchboard.core.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Chromium;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.TestHost;
import dev.switchboard.core.testing.WidgetPage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Rocket.Chat's own livechat widget in Debian's headless Chromium, embedded in a page on another origin
 * ({@link WidgetPage}). Without chromium, chromedriver or the widget the tests are skipped, unless {@code CI=true}.
 *
 * <p>{@link #widgetRendersAndRegistersTheVisitor} walks up to the registration. {@link #visitorChatsWithAnAgent}
 * goes on through a room, an agent's reply that arrives over the websocket, and the visitor closing the chat.
 * With {@code -Dswitchboard.screenshots=true} the tests save their screenshots into {@code docs/images/}.
 */
class WidgetBrowserIT {
    private static final String TEST = "The widget's browser test";

    private TestHost host;
    private Operators operators;
    private Chromium browser;
    private WidgetPage widget;

    @BeforeEach
    void start() throws Exception {
        Chromium.requireInstalled(TEST);
        Path widgetDir = WidgetPage.widgetDir(TEST);
        host = TestHost.start(builder -> builder.adminToken(Operators.ADMIN_TOKEN).livechatDir(widgetDir));
        operators = new Operators(host);
        ApiClient.Response titled = operators.admin().post("/api/v1/settings/Livechat_title",
                Json.of(Map.of("value", WidgetPage.TITLE)));
        assertEquals(200, titled.status(), titled.toString());
        browser = Chromium.start(1024, 768);
        widget = WidgetPage.serve(browser, host.port());
    }

    @AfterEach
    void stop() throws IOException {
        if (widget != null) {
            widget.close();
        }
        if (browser != null) {
            browser.close();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    void widgetRendersAndRegistersTheVisitor() throws Exception {
        widget.open();
        String token = widget.register("Ada Lovelace", "ada@example.com", "widget-registration.png");

        // The widget registered the visitor through the host, with what was typed into its form.
        ApiClient.Response visitor = host.client().get("/api/v1/livechat/visitor/" + token);
        assertEquals(200, visitor.status(), visitor.toString());
        assertEquals("Ada Lovelace", visitor.json().get("visitor").get("name").asText());
        assertEquals("ada@example.com",
                visitor.json().get("visitor").get("visitorEmails").get(0).get("address").asText());
        // And the next configuration the widget loads knows the visitor.
        JsonNode config = host.client().get("/api/v1/livechat/config?token=" + token).json().get("config");
        assertEquals("Ada Lovelace", config.get("guest").get("name").asText());
        widget.screenshot("widget-chat.png");
    }

    @Test
    void visitorChatsWithAnAgent() throws Exception {
        widget.open();
        String token = widget.register("Grace Hopper", "grace@example.com", null);
        String rid = widget.sendFirstMessage("Hello, is anyone there?");

        ApiClient.Response history = host.client().get("/api/v1/livechat/messages.history/" + rid + "?token=" + token);
        assertEquals(200, history.status(), history.toString());
        assertTrue(history.text().contains("Hello, is anyone there?"), history.toString());

        // An agent answers; writing into a room nobody serves makes it the room's agent (agentData event).
        ApiClient agent = operators.userWithRoles("marie", "Marie Curie", List.of("user", "agent"));
        ApiClient.Response reply = agent.post("/api/v1/chat.sendMessage",
                Json.of(Map.of("message", Map.of("rid", rid, "msg", "Hi Grace, how can we help?"))));
        assertEquals(200, reply.status(), reply.toString());
        browser.waitForText("Hi Grace, how can we help?"); // over the websocket: the page is never reloaded
        // The header shows the serving agent instead of the desk's title, as in Rocket.Chat.
        new WebDriverWait(browser.driver(), Chromium.WAIT).until(driver ->
                driver.findElement(By.cssSelector("[class*='header__title']")).getText().equals("Marie Curie"));
        widget.screenshot("widget-agent-reply.png");

        // The footer's Options menu → "Finish this chat" → the confirmation's "Yes" (POST livechat/room.close).
        browser.click(By.cssSelector("button[class*='footer__options']"));
        browser.click(By.xpath("//*[contains(text(), 'Finish this chat')]"));
        browser.click(By.xpath("//button[contains(text(), 'Yes')]"));
        new WebDriverWait(browser.driver(), Chromium.WAIT).until(driver -> {
            JsonNode room = widget.state().get("room");
            return room == null || room.isNull();
        });
        browser.waitForText("Thanks for talking with us"); // the widget's chat-finished screen, with "New Chat"
        JsonNode config = host.client().get("/api/v1/livechat/config?token=" + token).json().get("config");
        assertFalse(config.has("room"), "the visitor's room is closed: " + config);
        JsonNode closed = host.client().get("/api/v1/livechat/messages.history/" + rid + "?token=" + token).json();
        assertEquals("livechat-close", closed.get("messages").get(0).get("t").asText(), closed.toString());
        widget.screenshot("widget-closed.png");
    }
}
