package dev.switchboard.core.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.TestHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Rocket.Chat's settings routes over the host settings: permissions, shapes, errors, secrets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettingsApiIT {
    private static final String SECRET = "desk-shared-secret-7f3a9c";

    private TestHost host;
    private ApiClient admin;
    private ApiClient agent;

    @BeforeAll
    void start() throws Exception {
        host = Operators.startHost();
        Operators operators = new Operators(host);
        admin = operators.admin();
        agent = operators.userWithRoles("agent", List.of("agent"));
    }

    @AfterAll
    void stop() {
        host.close();
    }

    @Test
    void anAdminReadsAndChangesASetting() {
        assertEquals("{\"_id\":\"Livechat_offline_title\",\"value\":\"Leave a message\",\"success\":true}",
                admin.get("/api/v1/settings/Livechat_offline_title").text());
        ApiClient.Response changed = admin.post("/api/v1/settings/Livechat_offline_title",
                Json.of(Map.of("value", "Write to us")));
        assertEquals(200, changed.status(), changed.toString());
        assertEquals("{\"success\":true}", changed.text());
        assertEquals("Write to us", admin.get("/api/v1/settings/Livechat_offline_title").json().get("value").asText());
        admin.post("/api/v1/settings/Livechat_http_timeout", Json.of(Map.of("value", 8000)));
        assertEquals(8000, admin.get("/api/v1/settings/Livechat_http_timeout").json().get("value").asInt());
    }

    @Test
    void answersRocketChatsErrors() {
        ApiClient.Response unknown = admin.get("/api/v1/settings/No_such_setting");
        assertEquals(400, unknown.status());
        assertEquals("{\"success\":false}", unknown.text());
        assertEquals("{\"success\":false}",
                admin.post("/api/v1/settings/No_such_setting", Json.of(Map.of("value", 1))).text());

        ApiClient.Response type = admin.post("/api/v1/settings/Livechat_registration_form",
                Json.of(Map.of("value", "false")));
        assertEquals(400, type.status());
        assertEquals("Match error: Expected boolean, got string", type.json().get("error").asText());
        ApiClient.Response fraction = admin.post("/api/v1/settings/Livechat_http_timeout",
                Json.of(Map.of("value", 1.5)));
        assertEquals(400, fraction.status());
        ApiClient.Response select = admin.post("/api/v1/settings/Livechat_Routing_Method",
                Json.of(Map.of("value", "Nobody")));
        assertEquals("error-invalid-setting-value", select.json().get("errorType").asText());
        // Rocket.Chat answers a body without value (no isSettingsUpdatePropDefault) with its bare failure.
        ApiClient.Response missing = admin.post("/api/v1/settings/Livechat_title", Json.of(Map.of("values", "x")));
        assertEquals(400, missing.status());
        assertEquals("{\"success\":false}", missing.text());
        assertEquals(400, admin.post("/api/v1/settings/Livechat_title", "not json").status());
        assertTrue(admin.get("/api/v1/settings/Livechat_registration_form").json().get("value").asBoolean(),
                "nothing was stored");
    }

    @Test
    void onlyAdminsReadOneSettingOrChangeAny() {
        assertEquals(401, host.client().get("/api/v1/settings").status());
        assertEquals(401, host.client().get("/api/v1/settings/Livechat_title").status());
        ApiClient.Response read = agent.get("/api/v1/settings/Livechat_title");
        assertEquals(403, read.status());
        assertEquals("error-unauthorized", read.json().get("errorType").asText());
        ApiClient.Response write = agent.post("/api/v1/settings/Livechat_title", Json.of(Map.of("value", "Mine")));
        assertEquals(403, write.status());
        assertEquals("Rocket.Chat", admin.get("/api/v1/settings/Livechat_title").json().get("value").asText());
    }

    @Test
    void listsPagedByIdAndOnlyPublicSettingsToOthers() {
        List<String> all = ids(admin, "");
        assertTrue(all.contains("Livechat_webhookUrl") && all.contains("Livechat_title"));
        assertEquals(all.stream().sorted().toList(), all, "sorted by _id");
        JsonNode page = admin.get("/api/v1/settings?offset=2&count=3").json();
        assertEquals(3, page.get("count").asInt());
        assertEquals(2, page.get("offset").asInt());
        assertEquals(all.size(), page.get("total").asInt());
        assertEquals(all.get(2), page.get("settings").get(0).get("_id").asText());
        JsonNode beyond = admin.get("/api/v1/settings?offset=2147483600&count=100").json();
        assertEquals(0, beyond.get("settings").size(), "an offset near Integer.MAX_VALUE is past the end");

        List<String> visible = ids(agent, "");
        assertTrue(visible.contains("Livechat_title"));
        assertFalse(visible.contains("Livechat_webhookUrl") || visible.contains("Livechat_secret_token"),
                "admin-only settings are not public: " + visible);
        assertEquals(visible.size(), agent.get("/api/v1/settings").json().get("total").asInt());

        // Rocket.Chat's isSettingsGetParams: its keys only; includeDefaults adds each default as packageValue.
        ApiClient.Response unknown = admin.get("/api/v1/settings?private=true");
        assertEquals(400, unknown.status());
        assertEquals("must NOT have additional properties [invalid-params]", unknown.json().get("error").asText());
        assertEquals(400, admin.get("/api/v1/settings?includeDefaults=yes").status());
        for (JsonNode setting : admin.get("/api/v1/settings?count=100&includeDefaults=true").json()
                .get("settings")) {
            String id = setting.get("_id").asText();
            if (id.equals("Livechat_title")) {
                assertEquals("Rocket.Chat", setting.get("packageValue").asText());
            }
            assertEquals(id.equals("Livechat_secret_token"), !setting.has("packageValue"), setting::toString);
        }
        assertFalse(admin.get("/api/v1/settings?count=100").json().get("settings").get(0).has("packageValue"));
    }

    @Test
    void aSecretIsNeverAnswered() {
        JsonNode before = admin.get("/api/v1/settings/Livechat_secret_token").json();
        assertFalse(before.get("configured").asBoolean());
        assertEquals(200, admin.post("/api/v1/settings/Livechat_secret_token",
                Json.of(Map.of("value", SECRET))).status());
        ApiClient.Response after = admin.get("/api/v1/settings/Livechat_secret_token");
        assertTrue(after.json().get("secret").asBoolean());
        assertTrue(after.json().get("configured").asBoolean());
        assertFalse(after.text().contains(SECRET), after.text());
        assertFalse(admin.get("/api/v1/settings?count=100").text().contains(SECRET));
    }

    private static List<String> ids(ApiClient client, String query) {
        List<String> ids = new ArrayList<>();
        for (JsonNode setting : client.get("/api/v1/settings?count=100" + query).json().get("settings")) {
            ids.add(setting.get("_id").asText());
        }
        return ids;
    }
}
