package dev.switchboard.core.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Chromium;
import dev.switchboard.core.testing.Closer;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.TestHost;
import dev.switchboard.core.testing.WidgetPage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
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

    private final Closer closer = new Closer();
    private TestHost host;
    private Operators operators;
    private Chromium browser;
    private WidgetPage widget;

    @BeforeEach
    void start() throws Exception {
        Chromium.requireInstalled(TEST);
        Path widgetDir = WidgetPage.widgetDir(TEST);
        host = closer.add(TestHost.start(builder -> builder.adminToken(Operators.ADMIN_TOKEN)
                .livechatDir(widgetDir)));
        operators = new Operators(host);
        ApiClient.Response titled = operators.admin().post("/api/v1/settings/Livechat_title",
                Json.of(Map.of("value", WidgetPage.TITLE)));
        assertEquals(200, titled.status(), titled.toString());
        browser = closer.add(Chromium.start(1024, 768));
        widget = closer.add(WidgetPage.serve(browser, host.port()));
    }

    @AfterEach
    void stop() throws Exception {
        closer.close();
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
        waitForHeader("Marie Curie");
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

    /**
     * One chat with routing (Manual_Selection): the visitor's room waits in the queue, an agent takes it over the
     * API, forwards it to a second agent, who closes it with {@code room.closeByUser}; the widget follows each step
     * live (the agent in its header, then the chat-finished screen) without a reload.
     */
    @Test
    void visitorIsServedForwardedAndClosedByAgents() throws Exception {
        ApiClient.Response routing = operators.admin().post("/api/v1/settings/Livechat_Routing_Method",
                Json.of(Map.of("value", "Manual_Selection")));
        assertEquals(200, routing.status(), routing.toString());
        // The first agent is a manager too: forwarding needs transfer-livechat-guest, as in Rocket.Chat.
        Operators.Login first = operators.login("ada", "Ada Byron", List.of("agent", "manager"));
        Operators.Login second = operators.login("alan", "Alan Turing", List.of("agent"));
        widget.open();
        String token = widget.register("Katherine Johnson", "katherine@example.com", null);
        String rid = widget.sendFirstMessage("My invoice is wrong");

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
        browser.waitForText("Hi Katherine, let me fix that invoice.");
        widget.screenshot("widget-forwarded.png");

        // The second agent closes the chat: the widget ends it by itself.
        ApiClient.Response closed = second.client().post("/api/v1/livechat/room.closeByUser",
                Json.of(Map.of("rid", rid, "comment", "Invoice corrected")));
        assertEquals(200, closed.status(), closed.toString());
        browser.waitForText("Thanks for talking with us");
        new WebDriverWait(browser.driver(), Chromium.WAIT).until(driver -> {
            JsonNode room = widget.state().get("room");
            return room == null || room.isNull();
        });
        JsonNode config = host.client().get("/api/v1/livechat/config?token=" + token).json().get("config");
        assertFalse(config.has("room"), "the visitor's room is closed: " + config);
    }

    /** Waits until the widget's header reads {@code title} (the desk's title, or the serving agent's name). */
    private void waitForHeader(String title) {
        new WebDriverWait(browser.driver(), Chromium.WAIT).ignoring(StaleElementReferenceException.class)
                .until(driver -> driver.findElement(By.cssSelector("[class*='header__title']")).getText()
                        .equals(title));
    }
}
