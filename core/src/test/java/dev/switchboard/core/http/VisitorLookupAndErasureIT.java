package dev.switchboard.core.http;

import static dev.switchboard.core.http.VisitorRegistrationIT.PATH;
import static dev.switchboard.core.http.VisitorRegistrationIT.assertError;
import static dev.switchboard.core.http.VisitorRegistrationIT.ok;
import static dev.switchboard.core.http.VisitorRegistrationIT.register;
import static dev.switchboard.core.http.VisitorRegistrationIT.token;
import static dev.switchboard.core.http.VisitorRegistrationIT.visitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.config.VisitorMatching;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Sql;
import dev.switchboard.core.testing.TestHost;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET and DELETE /api/v1/livechat/visitor/:token, erasure, and cache coherence after every write, including the
 * token changes of Rocket.Chat's phone and email matching ({@code --visitor-matching rocketchat}).
 */
class VisitorLookupAndErasureIT {
    private static TestHost host;
    private static ApiClient api;
    private static Sql sql;

    @BeforeAll
    static void start() throws Exception {
        host = TestHost.start(builder -> builder.visitorMatching(VisitorMatching.ROCKETCHAT));
        api = host.client();
        sql = new Sql(host);
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private static String phone() {
        return "+44 " + (100_000_000L + (long) (Math.random() * 800_000_000L));
    }

    @Test
    void getUnknownToken() {
        assertError(api.get(PATH + "/invalid"), 400, "Invalid token [invalid-token]", "invalid-token");
    }

    @Test
    void deleteUnknownToken() {
        assertError(api.delete(PATH + "/invalid"), 400, "Invalid token [invalid-token]", "invalid-token");
        assertError(api.delete(PATH + "/123"), 400, "Invalid token [invalid-token]", "invalid-token");
    }

    @Test
    void getReturnsTheRegisteredVisitor() {
        String token = token();
        JsonNode registered = ok(register(api, visitor("token", token, "name", "G", "phone", phone(),
                "email", token + "@example.com")));
        JsonNode fetched = ok(api.get(PATH + "/" + token));
        assertEquals(registered, fetched);
        assertEquals(fetched, ok(api.get(PATH + "/" + token)), "cached answer is the same");
    }

    @Test
    void deleteErasesAndAnswersIdAndTs() {
        String token = token();
        JsonNode registered = ok(register(api, visitor("token", token, "name", "To Erase")));
        ok(api.get(PATH + "/" + token)); // cached
        JsonNode erased = ok(api.delete(PATH + "/" + token));
        List<String> keys = new java.util.ArrayList<>();
        erased.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("_id", "ts"), keys);
        assertEquals(registered.get("_id"), erased.get("_id"));
        assertTrue(erased.get("ts").asText().matches(VisitorRegistrationIT.ISO_MILLIS));
        assertError(api.get(PATH + "/" + token), 400, "Invalid token [invalid-token]", "invalid-token");
        assertError(api.delete(PATH + "/" + token), 400, "Invalid token [invalid-token]", "invalid-token");
    }

    @Test
    void erasureRemovesPersonalDataInTheDatabase() {
        String token = token();
        String id = ok(register(api, visitor("token", token, "name", "N", "phone", phone(),
                "email", token + "@example.com"))).get("_id").asText();
        sql.update("INSERT INTO external_ids (app_id, entity_id, visitor_id, metadata, created_at) "
                + "VALUES ('app', ?, ?, NULL, 0)", "bsuid-" + token, id);
        ok(api.delete(PATH + "/" + token));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM visitors WHERE id = ? AND token IS NULL AND name IS NULL "
                + "AND email IS NULL AND phone IS NULL AND phone_digits IS NULL AND livechat_data IS NULL "
                + "AND username IS NULL AND erased_at IS NOT NULL", id));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM external_ids WHERE visitor_id = ?", id));
    }

    @Test
    void erasedVisitorIsNeverMatchedAgain() {
        String token = token();
        String phone = phone();
        String email = "erased-" + UUID.randomUUID() + "@example.com";
        String id = ok(register(api, visitor("token", token, "phone", phone, "email", email))).get("_id").asText();
        ok(api.delete(PATH + "/" + token));

        JsonNode sameToken = ok(register(api, visitor("token", token)));
        assertNotEquals(id, sameToken.get("_id").asText());
        assertNull(sameToken.get("phone"));

        JsonNode samePhone = ok(register(api, visitor("token", token(), "phone", phone)));
        assertNotEquals(id, samePhone.get("_id").asText());

        JsonNode sameEmail = ok(register(api, visitor("token", token(), "email", email)));
        assertNotEquals(id, sameEmail.get("_id").asText());
        assertNotEquals(samePhone.get("_id"), sameEmail.get("_id"));
    }

    @Test
    void getAfterEveryWriteSeesTheNewState() {
        String token = token();
        assertEquals(400, api.get(PATH + "/" + token).status());
        for (int i = 0; i < 20; i++) {
            JsonNode written = ok(register(api, visitor("token", token, "name", "name-" + i)));
            JsonNode read = ok(api.get(PATH + "/" + token));
            assertEquals("name-" + i, read.get("name").asText());
            assertEquals(written, read);
        }
        ok(api.delete(PATH + "/" + token));
        assertEquals(400, api.get(PATH + "/" + token).status());
        JsonNode reborn = ok(register(api, visitor("token", token, "name", "reborn")));
        assertEquals(reborn, ok(api.get(PATH + "/" + token)));
    }

    @Test
    void phoneMatchRefreshesTheCachedStoredToken() {
        String stored = token();
        String phone = phone();
        ok(register(api, visitor("token", stored, "phone", phone, "name", "before")));
        assertEquals("before", ok(api.get(PATH + "/" + stored)).get("name").asText());
        ok(register(api, visitor("token", token(), "phone", phone, "name", "after")));
        assertEquals("after", ok(api.get(PATH + "/" + stored)).get("name").asText());
    }

    @Test
    void emailMatchInvalidatesANegativeEntryForTheNewToken() {
        String email = "neg-" + UUID.randomUUID() + "@example.com";
        String newToken = token();
        ok(register(api, visitor("token", token(), "email", email)));
        assertEquals(400, api.get(PATH + "/" + newToken).status()); // absent, cached
        ok(register(api, visitor("token", newToken, "email", email)));
        assertEquals(newToken, ok(api.get(PATH + "/" + newToken)).get("token").asText());
    }

    @Test
    void tokenWithSpecialCharacters() {
        String token = "a b/c?d#e%f-" + UUID.randomUUID();
        ok(register(api, visitor("token", token)));
        String encoded = java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
        assertEquals(token, ok(api.get(PATH + "/" + encoded)).get("token").asText());
        ok(api.delete(PATH + "/" + encoded));
        assertEquals(400, api.get(PATH + "/" + encoded).status());
    }

    @Test
    void hostileTokensInThePathNeverFail500() {
        for (String path : List.of("/%00", "/%ff%fe", "/" + "x".repeat(5_000), "/..%2F..%2Fetc%2Fpasswd")) {
            int get = api.get(PATH + path).status();
            int delete = api.delete(PATH + path).status();
            assertTrue(get == 400 || get == 404 || get == 414, path + " GET " + get);
            assertTrue(delete == 400 || delete == 404 || delete == 414, path + " DELETE " + delete);
        }
        assertEquals(200, api.get("/health").status());
    }

    @Test
    void aTokenLongerThanRegistrationAllowsIsUnknownWithoutALookup() {
        String tooLong = "t".repeat(257);
        for (ApiClient.Response response : List.of(api.get(PATH + "/" + tooLong), api.delete(PATH + "/" + tooLong))) {
            assertEquals(400, response.status());
            assertEquals("invalid-token", response.json().get("errorType").asText());
        }
    }

    @Test
    void infoEndpoint() {
        JsonNode info = api.get("/api/info").json();
        assertTrue(info.get("success").asBoolean());
        assertTrue(info.get("version").asText().length() > 0);
        assertEquals(Map.of("status", "UP"), Map.of("status", api.get("/health").json().get("status").asText()));
    }
}
