package dev.switchboard.core.plugin;

import static dev.switchboard.core.plugin.PluginFixtures.ATTACHER;
import static dev.switchboard.core.plugin.PluginFixtures.admin;
import static dev.switchboard.core.plugin.PluginFixtures.app;
import static dev.switchboard.core.plugin.PluginFixtures.externalId;
import static dev.switchboard.core.plugin.PluginFixtures.get;
import static dev.switchboard.core.plugin.PluginFixtures.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.TestHost;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings and operator status over the admin API, and what they do to an app's endpoints and hooks. */
class PluginSettingsIT {
    private static final String SECRET = "s3cret-value-xyz";

    @Test
    void missingRequiredSettingKeepsTheAppOffUntilConfiguredAndSecretsAreNeverReturned() throws Exception {
        try (TestHost host = PluginFixtures.startWith("attacher")) {
            JsonNode before = app(host, ATTACHER);
            assertEquals("invalid_settings_disabled", before.get("status").asText());
            assertTrue(before.get("statusReason").asText().contains("apiKey"), before::toString);
            assertEquals(404, get(host, "tccl").status(), "an app without its required settings does not serve");
            assertNull(externalId(register(host, "tok-off"), "ext-tok-off"), "nor do its hooks run");

            ApiClient.Response set = settings(host, Map.of("apiKey", SECRET));
            assertEquals(200, set.status(), set::toString);
            assertFalse(set.text().contains(SECRET), set::toString);
            assertEquals("auto_enabled", set.json().get("app").get("status").asText());

            ApiClient.Response shown = admin(host).get("/api/apps/" + ATTACHER);
            assertFalse(shown.text().contains(SECRET), shown::toString);
            JsonNode apiKey = setting(shown.json().get("app"), "apiKey");
            assertTrue(apiKey.get("secret").asBoolean());
            assertTrue(apiKey.get("configured").asBoolean());
            assertTrue(apiKey.get("value") == null || apiKey.get("value").isNull(), apiKey::toString);
            assertFalse(admin(host).get("/api/apps").text().contains(SECRET));

            assertEquals(SECRET, get(host, "settings/apiKey").json().get("value").asText(), "the app sees it");
            assertFalse(get(host, "settings/verbose").json().get("boolean").asBoolean(), "default applies");

            assertEquals(200, settings(host, Map.of("verbose", true)).status());
            assertTrue(get(host, "settings/verbose").json().get("boolean").asBoolean());
            assertEquals(200, get(host, "kv/get?key=setting-changed/verbose").status(), "onSettingChanged ran");
            assertEquals("true", setting(app(host, ATTACHER), "verbose").get("value").asText());
        }
    }

    @Test
    void unknownSettingsAndWrongTypesAre400AndChangeNothing() throws Exception {
        try (TestHost host = PluginFixtures.startWith("attacher")) {
            ApiClient.Response unknown = settings(host, Map.of("nope", "x"));
            assertEquals(400, unknown.status(), unknown::toString);
            assertEquals(false, unknown.json().get("success").asBoolean());
            ApiClient.Response wrongType = settings(host, Map.of("verbose", "maybe"));
            assertEquals(400, wrongType.status(), wrongType::toString);
            ApiClient.Response notScalar = settings(host, Map.of("verbose", Map.of("a", 1)));
            assertEquals(400, notScalar.status(), notScalar::toString);
            ApiClient.Response mixed = settings(host, Map.of("apiKey", "k", "verbose", "maybe"));
            assertEquals(400, mixed.status(), mixed::toString);
            assertEquals("invalid_settings_disabled", app(host, ATTACHER).get("status").asText(),
                    "nothing of a refused change is stored");
            assertEquals(404, admin(host).post("/api/apps/no-such-app/settings",
                    Json.of(Map.of("settings", Map.of("a", "b")))).status());
            int anonymous = host.client().get("/api/apps").status();
            assertTrue(anonymous == 401 || anonymous == 403, "admin API needs admin auth, got " + anonymous);
        }
    }

    @Test
    void theAppsValidatorRefusesAValueWith400AndItsMessageAndNothingIsSaved() throws Exception {
        try (TestHost host = PluginFixtures.startWith("attacher")) {
            ApiClient.Response refused = settings(host, Map.of("apiKey", "key with spaces", "verbose", true));
            assertEquals(400, refused.status(), refused::toString);
            assertEquals(false, refused.json().get("success").asBoolean());
            assertEquals("error-app-setting-invalid", refused.json().get("errorType").asText(), refused::toString);
            String error = refused.json().get("error").asText();
            assertTrue(error.contains("The API key holds white space"), error);
            assertFalse(refused.text().contains("key with spaces"), "a secret is never echoed");
            JsonNode app = app(host, ATTACHER);
            assertEquals("invalid_settings_disabled", app.get("status").asText(), "nothing of the change saved");
            assertFalse(setting(app, "verbose").path("value").asBoolean(false), app::toString);

            assertEquals(200, settings(host, Map.of("apiKey", SECRET)).status());
            assertEquals("auto_enabled", app(host, ATTACHER).get("status").asText());
        }
    }

    @Test
    void refusalInOnEnableIsErrorDisabledWithTheAppsReason() throws Exception {
        try (TestHost host = PluginFixtures.startWith("attacher")) {
            ApiClient.Response refused = settings(host, Map.of("apiKey", "refuse-me"));
            assertEquals(200, refused.status(), refused::toString);
            JsonNode app = app(host, ATTACHER);
            assertEquals("error_disabled", app.get("status").asText());
            assertTrue(app.get("statusReason").asText().contains("refuse-me"), app::toString);
            assertEquals("auto_enabled",
                    settings(host, Map.of("apiKey", "fine")).json().get("app").get("status").asText());
        }
    }

    @Test
    void operatorDisableStopsEndpointsAndHooksAtOnceEnableBringsThemBackAndStatusSurvivesRestart()
            throws Exception {
        TestHost host = PluginFixtures.startWith("attacher");
        try {
            assertEquals(200, settings(host, Map.of("apiKey", SECRET)).status());
            assertEquals(200, get(host, "tccl").status());

            assertEquals("manually_disabled", status(host, "manually_disabled"));
            assertEquals(404, get(host, "tccl").status(), "endpoints answer 404 at once");
            assertNull(externalId(register(host, "tok-dis"), "ext-tok-dis"), "hooks stop at once");

            host = host.restart();
            assertEquals("manually_disabled", app(host, ATTACHER).get("status").asText(), "survives restart");
            assertEquals(404, get(host, "tccl").status());

            assertEquals("manually_enabled", status(host, "manually_enabled"));
            assertEquals(200, get(host, "tccl").status());
            assertNotNull(externalId(register(host, "tok-en"), "ext-tok-en"));

            host = host.restart();
            assertEquals("manually_enabled", app(host, ATTACHER).get("status").asText(), "survives restart");
            assertEquals(SECRET, get(host, "settings/apiKey").json().get("value").asText(), "settings too");

            ApiClient.Response bad = admin(host).post("/api/apps/" + ATTACHER + "/status",
                    Json.of(Map.of("status", "auto_enabled")));
            assertEquals(400, bad.status(), bad::toString);
        } finally {
            host.close();
        }
    }

    private static String status(TestHost host, String status) {
        ApiClient.Response response = admin(host).post("/api/apps/" + ATTACHER + "/status",
                Json.of(Map.of("status", status)));
        assertEquals(200, response.status(), response::toString);
        return response.json().get("app").get("status").asText();
    }

    private static ApiClient.Response settings(TestHost host, Map<String, Object> values) {
        return admin(host).post("/api/apps/" + ATTACHER + "/settings",
                Json.of(Map.of("settings", new HashMap<>(values))));
    }

    private static JsonNode setting(JsonNode app, String id) {
        for (JsonNode setting : app.get("settings")) {
            if (setting.get("id").asText().equals(id)) {
                return setting;
            }
        }
        throw new AssertionError("no setting " + id + " in " + app);
    }
}
