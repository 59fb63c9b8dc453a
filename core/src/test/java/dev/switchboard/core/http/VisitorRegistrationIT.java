package dev.switchboard.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.config.VisitorMatching;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.ApiClient.Response;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Sql;
import dev.switchboard.core.testing.TestHost;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POST /api/v1/livechat/visitor: errors, Rocket.Chat's matching rules ({@code --visitor-matching rocketchat}; the
 * default strict rule is {@link VisitorMatchingIT}'s), the created shape, ignored keys, departments.
 */
class VisitorRegistrationIT {
    static final String PATH = "/api/v1/livechat/visitor";
    static final String ISO_MILLIS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

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

    static String token() {
        return "tok-" + UUID.randomUUID();
    }

    static Response register(ApiClient api, Map<String, Object> visitor) {
        return api.post(PATH, Json.of(Map.of("visitor", visitor)));
    }

    static JsonNode ok(Response response) {
        assertEquals(200, response.status(), response::toString);
        JsonNode body = response.json();
        assertTrue(body.get("success").asBoolean(), response::toString);
        return body.get("visitor");
    }

    static void assertError(Response response, int status, String error, String errorType) {
        assertEquals(status, response.status(), response::toString);
        assertEquals("application/json", response.header("content-type"));
        JsonNode body = response.json();
        assertFalse(body.get("success").asBoolean());
        assertEquals(error, body.get("error").asText());
        if (errorType == null) {
            assertNull(body.get("errorType"), response::toString);
        } else {
            assertEquals(errorType, body.get("errorType").asText());
        }
        assertNull(body.get("stack"));
    }

    static Map<String, Object> visitor(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    // --- errors -----------------------------------------------------------------------------------------------

    @Test
    void noVisitorKey() {
        assertError(api.post(PATH, "{}"), 400, "Match error: Missing key 'visitor'", null);
    }

    @Test
    void noToken() {
        assertError(api.post(PATH, "{\"visitor\":{}}"), 400, "Match error: Missing key 'token' in field visitor",
                null);
    }

    @Test
    void wrongTypeNamesTheField() {
        assertError(api.post(PATH, "{\"visitor\":{\"token\":\"" + token() + "\",\"name\":42}}"), 400,
                "Match error: Expected string, got number in field visitor.name", null);
        assertError(api.post(PATH, "{\"visitor\":{\"token\":\"" + token() + "\",\"phone\":5551234}}"), 400,
                "Match error: Expected string, got number in field visitor.phone", null);
        assertError(api.post(PATH, "{\"visitor\":{\"token\":7}}"), 400,
                "Match error: Expected string, got number in field visitor.token", null);
    }

    @Test
    void blankToken() {
        assertError(api.post(PATH, "{\"visitor\":{\"token\":\"\"}}"), 400,
                "Token cannot be empty [error-invalid-token]", "error-invalid-token");
        assertError(api.post(PATH, "{\"visitor\":{\"token\":\"   \"}}"), 400,
                "Token cannot be empty [error-invalid-token]", "error-invalid-token");
    }

    @Test
    void unknownDepartment() {
        Response response = register(api, visitor("token", token(), "department", "No Such Department"));
        assertEquals(400, response.status(), response::toString);
        assertTrue(response.json().get("error").asText().contains("error-invalid-department"), response::toString);
        assertEquals("error-invalid-department", response.json().get("errorType").asText());
    }

    @Test
    void failedRegistrationChangesNothing() {
        String token = token();
        register(api, visitor("token", token, "department", "No Such Department"));
        assertError(api.get(PATH + "/" + token), 400, "Invalid token [invalid-token]", "invalid-token");
        assertEquals(0, sql.count("SELECT COUNT(*) FROM visitors WHERE token = ?", token));
    }

    @Test
    void departmentByIdOrName() {
        sql.department("depSupportId00001", "Support");
        JsonNode byName = ok(register(api, visitor("token", token(), "department", "Support")));
        assertEquals("depSupportId00001", byName.get("department").asText(), "the department's id is stored");
        JsonNode byId = ok(register(api, visitor("token", token(), "department", "depSupportId00001")));
        assertEquals("depSupportId00001", byId.get("department").asText());
    }

    @Test
    void malformedJson() {
        Response response = api.post(PATH, "{\"visitor\": {");
        assertEquals(400, response.status());
        assertEquals("error-invalid-json", response.json().get("errorType").asText());
        assertFalse(response.json().get("success").asBoolean());
    }

    @Test
    void emptyBody() {
        assertError(api.send("POST", PATH, new byte[0], Map.of("content-type", "application/json")), 400,
                "Match error: Missing key 'visitor'", null);
        assertError(api.send("POST", PATH, null, Map.of()), 400, "Match error: Missing key 'visitor'", null);
    }

    @Test
    void nonObjectBodies() {
        for (String body : List.of("[]", "\"visitor\"", "42", "null", "true")) {
            Response response = api.post(PATH, body);
            assertEquals(400, response.status(), body + " → " + response);
            assertFalse(response.json().get("success").asBoolean());
            assertTrue(response.json().get("error").asText().startsWith("Match error: "), response::toString);
        }
    }

    @Test
    void invalidUtf8() {
        byte[] body = ("{\"visitor\":{\"token\":\"" + token() + "\",\"name\":\"X\"}}").getBytes();
        body[body.length - 4] = (byte) 0xC3; // a lead byte followed by '"': not UTF-8
        Response response = api.send("POST", PATH, body, Map.of("content-type", "application/json"));
        assertEquals(400, response.status(), response::toString);
        assertEquals("error-invalid-json", response.json().get("errorType").asText());
    }

    @Test
    void bodyOverOneMebibyte() {
        String big = "{\"visitor\":{\"token\":\"" + token() + "\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}}";
        Response response = api.post(PATH, big);
        assertEquals(413, response.status());
        assertFalse(response.json().get("success").asBoolean());
        assertEquals("error-request-too-large", response.json().get("errorType").asText());
        assertEquals(200, api.get("/health").status(), "the host is still alive");
    }

    @Test
    void bodyJustUnderTheLimitIsRead() {
        String prefix = "{\"visitor\":{\"token\":\"" + token() + "\",\"pad\":\"";
        String body = prefix + "x".repeat(1024 * 1024 - prefix.length() - 10) + "\"}}";
        assertTrue(body.length() <= 1024 * 1024);
        ok(api.post(PATH, body));
    }

    @Test
    void deepNesting() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        Response response = api.post(PATH, "{\"visitor\":{\"token\":\"" + token() + "\",\"x\":" + deep + "}}");
        assertEquals(400, response.status(), response::toString);
        assertFalse(response.json().get("success").asBoolean());
    }

    @Test
    void overlongTokenAndName() {
        String text = "x".repeat(5_000);
        Response longToken = register(api, visitor("token", text));
        assertEquals(400, longToken.status());
        assertEquals("error-invalid-params", longToken.json().get("errorType").asText());
        Response longName = register(api, visitor("token", token(), "name", text));
        assertEquals(400, longName.status());
        assertTrue(longName.json().get("error").asText().contains("visitor.name"));
    }

    @Test
    void duplicateKeysAreRejected() {
        Response response = api.post(PATH, "{\"visitor\":{\"token\":\"a\",\"token\":\"b\"}}");
        assertEquals(400, response.status());
        assertEquals("error-invalid-json", response.json().get("errorType").asText());
    }

    @Test
    void unknownRouteAndMethodUseTheEnvelope() {
        Response notFound = api.get("/api/v1/nope");
        assertEquals(404, notFound.status());
        assertFalse(notFound.json().get("success").asBoolean());
        Response wrongMethod = api.put(PATH, "{}");
        assertEquals(405, wrongMethod.status());
        assertFalse(wrongMethod.json().get("success").asBoolean());
    }

    // --- create -----------------------------------------------------------------------------------------------

    @Test
    void seedExampleTokenOnly() {
        String token = "867ad6a09fc4af29f6f1f2a9cf1deaba";
        JsonNode visitor = ok(api.post(PATH, "{\n    \"visitor\": {\n        \"token\": \"" + token + "\"\n    }\n}"));
        assertEquals(token, visitor.get("token").asText());
        assertTrue(visitor.get("_id").asText().length() >= 17);
        assertTrue(visitor.get("username").asText().matches("guest-\\d+"));
        assertEquals("online", visitor.get("status").asText());
        assertTrue(visitor.get("ts").asText().matches(ISO_MILLIS), visitor::toString);
        assertTrue(visitor.get("_updatedAt").asText().matches(ISO_MILLIS), visitor::toString);
        assertTrue(visitor.get("externalIds").isArray());
        assertEquals(0, visitor.get("externalIds").size());
        assertNull(visitor.get("name"));
        assertNull(visitor.get("phone"));
        assertNull(visitor.get("visitorEmails"));
        assertNull(visitor.get("livechatData"));
    }

    @Test
    void seedExampleFullVisitor() {
        sql.department("seedSupportDept01", "Seed Support");
        String token = "iNKE8a6k6cjbqWhWd-" + UUID.randomUUID();
        Response response = register(api, visitor("name", "Livechat Visitor", "email", "visitor@rocket.chat",
                "department", "Seed Support", "token", token, "phone", "55 51 5555-" + (1000 + (int) (Math.random() * 8999)),
                "customFields", List.of(Map.of("key", "address", "value", "Rocket.Chat street", "overwrite", true))));
        JsonNode visitor = ok(response);
        assertEquals("Livechat Visitor", visitor.get("name").asText());
        assertEquals("visitor@rocket.chat", visitor.at("/visitorEmails/0/address").asText());
        assertTrue(visitor.at("/phone/0/phoneNumber").asText().startsWith("55 51 5555-"));
        assertEquals("seedSupportDept01", visitor.get("department").asText());
        assertEquals(token, visitor.get("token").asText());
        assertNull(visitor.get("livechatData"), "no custom field 'address' is defined, so it is ignored");
    }

    @Test
    void seedExampleResponseShape() {
        String token = "test-token-" + UUID.randomUUID();
        JsonNode visitor = ok(register(api, visitor("token", token, "name", "Postman Test Visitor",
                "phone", "+1555" + (1_000_000 + (int) (Math.random() * 8_999_999)),
                "email", "Postman-Test@Example.com")));
        List<String> keys = new java.util.ArrayList<>();
        visitor.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("_id", "username", "status", "ts", "_updatedAt", "name", "phone", "token",
                "visitorEmails", "externalIds"), keys);
        assertEquals("postman-test@example.com", visitor.at("/visitorEmails/0/address").asText());
    }

    @Test
    void guestNamesCountUp() {
        int first = guestNumber(ok(register(api, visitor("token", token()))));
        int second = guestNumber(ok(register(api, visitor("token", token()))));
        assertTrue(second > first, first + " then " + second);
    }

    @Test
    void givenUsernameIsKept() {
        JsonNode visitor = ok(register(api, visitor("token", token(), "username", "kim.jane")));
        assertEquals("kim.jane", visitor.get("username").asText());
    }

    static int guestNumber(JsonNode visitor) {
        return Integer.parseInt(visitor.get("username").asText().substring("guest-".length()));
    }

    @Test
    void ignoredBodyKeys() {
        String token = token();
        JsonNode visitor = ok(register(api, visitor("token", token, "status", "busy", "ts", "1999-01-01T00:00:00.000Z",
                "externalIds", List.of(Map.of("appId", "evil", "entityId", "x")), "livechatData", Map.of("a", "b"),
                "_id", "chosenIdChosenId1", "whatever", 1)));
        assertEquals("online", visitor.get("status").asText());
        assertFalse(visitor.get("ts").asText().startsWith("1999"));
        assertEquals(0, visitor.get("externalIds").size());
        assertNull(visitor.get("livechatData"));
        assertNotEquals("chosenIdChosenId1", visitor.get("_id").asText());
        assertEquals(visitor, ok(api.get(PATH + "/" + token)));
    }

    // --- matching ---------------------------------------------------------------------------------------------

    @Test
    void tokenMatchUpdates() {
        String token = token();
        JsonNode created = ok(register(api, visitor("token", token, "name", "First")));
        JsonNode updated = ok(register(api, visitor("token", token, "name", "Second")));
        assertEquals(created.get("_id"), updated.get("_id"));
        assertEquals("Second", updated.get("name").asText());
        assertEquals(created.get("username"), updated.get("username"));
        assertEquals(created.get("ts"), updated.get("ts"));
        assertEquals(1, sql.count("SELECT COUNT(*) FROM visitors WHERE token = ?", token));
        assertEquals("Second", ok(api.get(PATH + "/" + token)).get("name").asText());
    }

    @Test
    void phoneMatchKeepsItsTokenAcrossFormats() {
        String digits = String.valueOf(100_000_000L + (long) (Math.random() * 800_000_000L));
        String formatted = "+" + digits.substring(0, 2) + " " + digits.substring(2, 4) + " " + digits.substring(4, 8)
                + "-" + digits.substring(8);
        String t1 = token();
        String t2 = token();
        JsonNode first = ok(register(api, visitor("token", t1, "phone", formatted)));
        JsonNode second = ok(register(api, visitor("token", t2, "phone", digits, "name", "Phone Match")));
        assertEquals(first.get("_id"), second.get("_id"));
        assertEquals(t1, second.get("token").asText(), "the stored token is kept and returned");
        assertEquals(digits, second.at("/phone/0/phoneNumber").asText(), "the phone as last sent");
        assertEquals("Phone Match", ok(api.get(PATH + "/" + t1)).get("name").asText());
        assertError(api.get(PATH + "/" + t2), 400, "Invalid token [invalid-token]", "invalid-token");
        assertEquals(1, sql.count("SELECT COUNT(*) FROM visitors WHERE phone_digits = ?", digits));
    }

    @Test
    void phoneSeedExampleMatchesDigitsOnlyForm() {
        sql.update("UPDATE visitors SET phone = NULL, phone_digits = NULL WHERE phone_digits = '555155555555'");
        String t1 = token();
        JsonNode first = ok(register(api, visitor("token", t1, "phone", "+55 51 5555-5555")));
        JsonNode second = ok(register(api, visitor("token", token(), "phone", "555155555555")));
        assertEquals(first.get("_id"), second.get("_id"));
        assertEquals(t1, second.get("token").asText());
    }

    @Test
    void emailMatchReplacesTheTokenAndTheOldTokenStopsWorking() {
        String email = "match-" + UUID.randomUUID() + "@example.com";
        String oldToken = token();
        String newToken = token();
        JsonNode first = ok(register(api, visitor("token", oldToken, "email", email, "name", "E")));
        assertEquals(first, ok(api.get(PATH + "/" + oldToken)), "now cached under the old token");
        JsonNode second = ok(register(api, visitor("token", newToken, "email", "  " + email.toUpperCase() + " ")));
        assertEquals(first.get("_id"), second.get("_id"));
        assertEquals(newToken, second.get("token").asText());
        assertEquals("E", second.get("name").asText());
        assertError(api.get(PATH + "/" + oldToken), 400, "Invalid token [invalid-token]", "invalid-token");
        assertEquals(first.get("_id"), ok(api.get(PATH + "/" + newToken)).get("_id"));
    }

    @Test
    void aKelvinSignIsNotAK() {
        String local = "ate-" + UUID.randomUUID() + "@example.com";
        String victimToken = token();
        JsonNode victim = ok(register(api, visitor("token", victimToken, "email", "kate" + local.substring(3))));
        JsonNode other = ok(register(api, visitor("token", token(), "email", "\u212A" + local)));
        assertNotEquals(victim.get("_id"), other.get("_id"));
        assertEquals("\u212A" + local, other.at("/visitorEmails/0/address").asText());
        assertEquals(victim, ok(api.get(PATH + "/" + victimToken)));
    }

    @Test
    void newTokenFirstSeenAsUnknownThenRegisteredIsFound() {
        String token = token();
        assertEquals(400, api.get(PATH + "/" + token).status()); // negative entry cached
        ok(register(api, visitor("token", token)));
        assertEquals(token, ok(api.get(PATH + "/" + token)).get("token").asText());
    }

    @Test
    void phoneBeatsEmail() {
        String phone = "+49 " + (100_000_000L + (long) (Math.random() * 800_000_000L));
        String email = "pe-" + UUID.randomUUID() + "@example.com";
        String phoneToken = token();
        JsonNode byPhone = ok(register(api, visitor("token", phoneToken, "phone", phone)));
        JsonNode byEmail = ok(register(api, visitor("token", token(), "email", email)));
        JsonNode result = ok(register(api, visitor("token", token(), "phone", phone, "email", email)));
        assertEquals(byPhone.get("_id"), result.get("_id"));
        assertNotEquals(byEmail.get("_id"), result.get("_id"));
        assertEquals(phoneToken, result.get("token").asText());
    }

    @Test
    void tokenMatchWithAnotherVisitorsPhoneStoresItAndLeavesTheOwnerAlone() {
        String phone = "+1 " + (100_000_000L + (long) (Math.random() * 800_000_000L));
        String ownerToken = token();
        JsonNode owner = ok(register(api, visitor("token", ownerToken, "phone", phone)));
        String token = token();
        ok(register(api, visitor("token", token, "name", "Mine")));
        JsonNode changed = ok(register(api, visitor("token", token, "phone", phone, "name", "Changed")));
        assertEquals(phone, changed.at("/phone/0/phoneNumber").asText());
        assertEquals("Changed", ok(api.get(PATH + "/" + token)).get("name").asText());
        assertEquals(owner, ok(api.get(PATH + "/" + ownerToken)), "the owner is unchanged");
        JsonNode again = ok(register(api, visitor("token", token(), "phone", phone)));
        assertEquals(ownerToken, again.get("token").asText(), "the number still matches its owner");
    }

    @Test
    void reRegistrationNeverUnsetsAndNeverChangesUsernameOrTs() throws Exception {
        String token = token();
        String phone = "+33 " + (100_000_000L + (long) (Math.random() * 800_000_000L));
        JsonNode first = ok(register(api, visitor("token", token, "name", "Full", "email", token + "@x.io",
                "phone", phone, "username", "original.user")));
        Thread.sleep(5);
        JsonNode second = ok(register(api, visitor("token", token, "username", "other.user")));
        assertEquals("Full", second.get("name").asText());
        assertEquals(token + "@x.io", second.at("/visitorEmails/0/address").asText());
        assertEquals(phone, second.at("/phone/0/phoneNumber").asText());
        assertEquals("original.user", second.get("username").asText());
        assertEquals(first.get("ts"), second.get("ts"));
        assertNotEquals(first.get("_updatedAt"), second.get("_updatedAt"));
        JsonNode third = ok(register(api, visitor("token", token, "name", null, "email", "", "phone", "")));
        assertEquals("Full", third.get("name").asText());
        assertEquals(phone, third.at("/phone/0/phoneNumber").asText());
        assertEquals(third, ok(api.get(PATH + "/" + token)));
    }

    @Test
    void statusBecomesOnlineAgain() {
        String token = token();
        ok(register(api, visitor("token", token)));
        sql.update("UPDATE visitors SET status = 'away' WHERE token = ?", token);
        assertEquals("online", ok(register(api, visitor("token", token))).get("status").asText());
    }

    @Test
    void invalidEmailsAreAcceptedAsIn8x() {
        JsonNode visitor = ok(register(api, visitor("token", token(), "email", "Not An Email")));
        assertEquals("not an email", visitor.at("/visitorEmails/0/address").asText());
    }

    @Test
    void unicodeRoundTrips() {
        String token = "тoken-✓-" + UUID.randomUUID();
        JsonNode visitor = ok(register(api, visitor("token", token, "name", "José 😀 Ünïcode")));
        assertEquals("José 😀 Ünïcode", visitor.get("name").asText());
        String encoded = java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
        assertEquals("José 😀 Ünïcode", ok(api.get(PATH + "/" + encoded)).get("name").asText());
    }
}
