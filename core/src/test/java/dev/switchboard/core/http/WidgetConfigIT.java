package dev.switchboard.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.TestHost;
import dev.switchboard.core.widget.OpenRoomLookup;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/livechat/config}: Rocket.Chat 8.4's shape, driven by host settings, departments and token. */
class WidgetConfigIT {
    private TestHost host;
    private ApiClient admin;
    private ApiClient visitor;

    @BeforeEach
    void start() throws Exception {
        host = Operators.startHost();
        admin = new Operators(host).admin();
        visitor = host.client();
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private JsonNode config(String query) {
        ApiClient.Response response = visitor.get("/api/v1/livechat/config" + query);
        assertEquals(200, response.status(), response.toString());
        assertTrue(response.json().get("success").asBoolean());
        return response.json().get("config");
    }

    private void set(String id, Object value) {
        ApiClient.Response response = admin.post("/api/v1/settings/" + id, Json.of(Map.of("value", value)));
        assertEquals(200, response.status(), response.toString());
    }

    @Test
    void defaultsRenderTheRegistrationFormAndAcceptChats() {
        JsonNode config = config("");
        assertTrue(config.get("enabled").asBoolean());
        assertTrue(config.get("online").asBoolean(), "Livechat_accept_chats_with_no_agents is on by default");
        JsonNode settings = config.get("settings");
        assertTrue(settings.get("registrationForm").asBoolean());
        assertTrue(settings.get("nameFieldRegistrationForm").asBoolean());
        assertTrue(settings.get("emailFieldRegistrationForm").asBoolean());
        assertFalse(settings.get("fileUpload").asBoolean(), "the host has no uploads");
        assertFalse(settings.get("limitTextLength").asBoolean());
        assertFalse(settings.get("showConnecting").asBoolean(), "Auto_Selection");
        assertEquals("", settings.get("language").asText());
        assertEquals("Rocket.Chat", config.get("theme").get("title").asText());
        assertEquals("#C1272D", config.get("theme").get("color").asText());
        assertEquals("Leave a message", config.get("theme").get("offlineTitle").asText());
        assertEquals("[\"1\",\"2\",\"3\",\"4\",\"5\"]", config.get("survey").get("values").toString());
        assertEquals(4, config.get("survey").get("items").size());
        assertEquals(0, config.get("triggers").size());
        assertEquals(0, config.get("departments").size());
        assertTrue(config.get("resources").get("sound").asText().endsWith("/sounds/chime.mp3"));
        assertFalse(config.has("guest") || config.has("room") || config.has("agent"));
    }

    @Test
    void settingsChangeTheConfigurationAtOnce() {
        set("Livechat_title", "Talk to us");
        set("Livechat_title_color", "#04436A");
        set("Livechat_registration_form", false);
        set("Livechat_enable_message_character_limit", true);
        set("Livechat_offline_message", "We answer within a day");
        set("Livechat_Routing_Method", "Manual_Selection");
        set("Livechat_show_agent_info", false);
        JsonNode config = config("");
        assertEquals("Talk to us", config.get("theme").get("title").asText());
        assertEquals("#04436A", config.get("theme").get("color").asText());
        assertFalse(config.get("settings").get("registrationForm").asBoolean());
        assertEquals(5000, config.get("settings").get("limitTextLength").asInt(), "0 falls back to Message_MaxAllowedSize");
        assertTrue(config.get("settings").get("showConnecting").asBoolean());
        assertTrue(config.get("settings").get("agentHiddenInfo").asBoolean());
        assertEquals("We answer within a day", config.get("messages").get("offlineMessage").asText());

        set("Livechat_message_character_limit", 280);
        assertEquals(280, config("").get("settings").get("limitTextLength").asInt());

        set("Livechat_accept_chats_with_no_agents", false);
        assertFalse(config("").get("online").asBoolean(), "no agent is available: the widget shows its offline form");

        set("Livechat_enabled", false);
        ApiClient.Response off = visitor.get("/api/v1/livechat/config?token=abc");
        assertEquals("{\"config\":{\"enabled\":false},\"success\":true}", off.text());
    }

    @Test
    void offersEnabledDepartmentsOnly() {
        for (Object[] department : new Object[][] {{"Sales", true, true}, {"Billing", true, false},
                {"Closed", false, true}}) {
            ApiClient.Response created = admin.post("/api/v1/livechat/department", Json.of(Map.of("department", Map.of(
                    "name", department[0], "enabled", department[1], "showOnRegistration", department[2],
                    "showOnOfflineForm", true, "email", "desk@example.com"))));
            assertEquals(200, created.status(), created.toString());
        }
        JsonNode departments = config("").get("departments");
        assertEquals(2, departments.size(), departments.toString());
        assertEquals("Billing", departments.get(0).get("name").asText());
        assertFalse(departments.get(0).get("showOnRegistration").asBoolean());
        assertEquals("Sales", departments.get(1).get("name").asText());
        assertTrue(departments.get(1).get("showOnRegistration").asBoolean());
        assertTrue(departments.get(1).has("_id"));
    }

    @Test
    void withATokenShowsTheVisitorAndTheirOpenRoom() {
        ApiClient.Response registered = visitor.post("/api/v1/livechat/visitor", Json.of(Map.of("visitor", Map.of(
                "token", "config-token-1", "name", "Ada", "email", "ada@example.com", "phone", "+44 20 7946 0000"))));
        assertEquals(200, registered.status(), registered.toString());

        JsonNode guest = config("?token=config-token-1").get("guest");
        assertEquals("Ada", guest.get("name").asText());
        assertEquals("config-token-1", guest.get("token").asText());
        assertEquals("ada@example.com", guest.get("visitorEmails").get(0).get("address").asText());
        assertTrue(guest.get("username").asText().startsWith("guest-"));
        assertFalse(guest.has("phone") || guest.has("ts"), "Rocket.Chat's projection: " + guest);
        assertFalse(config("?token=unknown-token").has("guest"), "an unknown token is no error");

        // The conversations service's lookup: here, one open room served by an agent.
        host.host().widgetConfig().useOpenRooms(token -> CompletableFuture.completedFuture(
                token.equals("config-token-1")
                        ? Optional.of(new OpenRoomLookup.OpenRoom("room-1", "dep-1", new OpenRoomLookup.ServingAgent(
                                "agent-1", "maria", "Maria", "online", "maria@example.com", null)))
                        : Optional.empty()));
        JsonNode config = config("?token=config-token-1");
        assertEquals("room-1", config.get("room").get("_id").asText());
        assertEquals("dep-1", config.get("room").get("departmentId").asText());
        assertEquals("maria", config.get("room").get("servedBy").get("username").asText());
        assertTrue(config.get("room").get("open").asBoolean());
        assertEquals("Maria", config.get("agent").get("name").asText());
        assertEquals("maria@example.com", config.get("agent").get("emails").get(0).get("address").asText());

        set("Livechat_show_agent_email", false);
        assertFalse(config("?token=config-token-1").get("agent").has("emails"));
        set("Livechat_show_agent_info", false);
        assertEquals("{\"hiddenInfo\":true}", config("?token=config-token-1").get("agent").toString());
    }

    @Test
    void checksTheQueryAsRocketChatsSchemaDoes() {
        ApiClient.Response extra = visitor.get("/api/v1/livechat/config?token=a&foo=bar");
        assertEquals(400, extra.status());
        assertEquals("must NOT have additional properties [invalid-params]", extra.json().get("error").asText());
        assertEquals("invalid-params", extra.json().get("errorType").asText());
        ApiClient.Response longToken = visitor.get("/api/v1/livechat/config?token=" + "t".repeat(300));
        assertEquals(400, longToken.status());
        assertEquals("invalid-params", longToken.json().get("errorType").asText());
        assertEquals(200, visitor.get("/api/v1/livechat/config?department=d&businessUnit=b").status());
    }

    @Test
    void isLimitedLikeEveryRocketChatRouteWithoutALimitOfItsOwn() throws Exception {
        try (TestHost limited = TestHost.start(builder -> builder.rateLimit(true))) {
            for (int i = 0; i < 10; i++) {
                assertEquals(200, limited.client().get("/api/v1/livechat/config").status());
            }
            ApiClient.Response over = limited.client().get("/api/v1/livechat/config");
            assertEquals(429, over.status());
            assertEquals("error-too-many-requests", over.json().get("errorType").asText());
        }
    }
}
