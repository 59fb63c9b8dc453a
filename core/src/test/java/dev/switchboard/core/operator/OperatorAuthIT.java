package dev.switchboard.core.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.TestHost;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorAuthIT {
    private TestHost host;
    private Operators operators;
    private ApiClient noRoles;
    private ApiClient agent;
    private ApiClient manager;

    @BeforeAll
    void start() throws Exception {
        host = Operators.startHost();
        operators = new Operators(host);
        noRoles = operators.userWithRoles("nobody", List.of());
        agent = operators.userWithRoles("agent1", List.of("agent"));
        manager = operators.userWithRoles("manager1", List.of("manager"));
    }

    @AfterAll
    void stop() {
        host.close();
    }

    /** The token routes whose missing permission Rocket.Chat answers with 400 not-authorized, not 403. */
    private static final String TOKEN_FUNCTION = "user (400 not-authorized)";

    /** Every protected route: method, path, body, and the least role that may call it. */
    static Stream<Arguments> protectedRoutes() {
        String dept = Json.of(Map.of("department", Map.of("enabled", true, "showOnRegistration", true,
                "email", "d@example.com", "name", "Auth dept")));
        String field = Json.of(Map.of("customFieldData", Map.of("field", "authField", "label", "A",
                "scope", "visitor", "visibility", "visible")));
        return Stream.of(
                Arguments.of("POST", "/api/v1/users.create", Json.of(Map.of("username", "x1", "name", "X")), "admin"),
                Arguments.of("POST", "/api/v1/users.generatePersonalAccessToken",
                        Json.of(Map.of("tokenName", "t")), TOKEN_FUNCTION),
                Arguments.of("POST", "/api/v1/users.removePersonalAccessToken",
                        Json.of(Map.of("tokenName", "t")), TOKEN_FUNCTION),
                Arguments.of("POST", "/api/v1/users.regeneratePersonalAccessToken",
                        Json.of(Map.of("tokenName", "t")), TOKEN_FUNCTION),
                Arguments.of("GET", "/api/v1/users.getPersonalAccessTokens", null, "user"),
                Arguments.of("GET", "/api/v1/livechat/department", null, "agent"),
                Arguments.of("POST", "/api/v1/livechat/department", dept, "manager"),
                Arguments.of("GET", "/api/v1/livechat/department/some-id", null, "agent"),
                Arguments.of("PUT", "/api/v1/livechat/department/some-id", dept, "manager"),
                Arguments.of("DELETE", "/api/v1/livechat/department/some-id", null, "manager"),
                Arguments.of("GET", "/api/v1/livechat/custom-fields", null, "agent"),
                Arguments.of("GET", "/api/v1/livechat/custom-fields/some-id", null, "agent"),
                Arguments.of("POST", "/api/v1/livechat/custom-fields.save", field, "manager"),
                Arguments.of("POST", "/api/v1/livechat/custom-fields.delete",
                        Json.of(Map.of("customFieldId", "x")), "manager"),
                Arguments.of("GET", "/api/v1/livechat/visitors.info?visitorId=x", null, "agent"),
                Arguments.of("GET", "/api/v1/livechat/visitors.search?term=x", null, "agent"),
                Arguments.of("GET", "/api/v1/livechat/visitors.autocomplete?selector=%7B%7D", null, "agent"),
                Arguments.of("POST", "/api/v1/livechat/visitors.erase", Json.of(Map.of("visitorId", "x")),
                        "manager"));
    }

    private static ApiClient.Response send(ApiClient client, String method, String path, String body) {
        return client.send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                body == null ? Map.of() : Map.of("content-type", "application/json"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("protectedRoutes")
    void withoutCredentialsIs401(String method, String path, String body, String role) {
        for (ApiClient client : List.of(operators.anonymous(),
                operators.anonymous().withHeaders(Map.of("X-User-Id", "admin", "X-Auth-Token", "wrong")),
                operators.anonymous().withHeaders(Map.of("X-User-Id", "nobody-at-all",
                        "X-Auth-Token", Operators.ADMIN_TOKEN)),
                operators.anonymous().withHeaders(Map.of("X-Auth-Token", Operators.ADMIN_TOKEN)))) {
            ApiClient.Response response = send(client, method, path, body);
            assertEquals(401, response.status(), response.toString());
            JsonNode json = response.json();
            assertFalse(json.get("success").asBoolean());
            assertEquals("You must be logged in to do this.", json.get("error").asText());
            assertEquals("error", json.get("status").asText());
            assertEquals("You must be logged in to do this.", json.get("message").asText());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("protectedRoutes")
    void withoutThePermissionIs403(String method, String path, String body, String role) {
        List<ApiClient> denied = switch (role) {
            case "admin" -> List.of(noRoles, agent, manager);
            case "manager" -> List.of(noRoles, agent);
            case "agent" -> List.of(noRoles);
            case TOKEN_FUNCTION -> List.of();
            default -> List.of(noRoles);
        };
        for (ApiClient client : denied) {
            ApiClient.Response response = send(client, method, path, body);
            assertEquals(403, response.status(), response.toString());
            assertFalse(response.json().get("success").asBoolean());
            assertEquals("User does not have the permissions required for this action [error-unauthorized]",
                    response.json().get("error").asText());
            assertEquals("error-unauthorized", response.json().get("errorType").asText());
        }
    }

    /** Rocket.Chat's users.ts e2e "unsuccessful cases": generate, regenerate and remove answer 400, listing 403. */
    @Test
    void tokenRoutesWithoutThePermissionAnswerAsRocketChat() {
        for (String path : List.of("/api/v1/users.generatePersonalAccessToken",
                "/api/v1/users.regeneratePersonalAccessToken", "/api/v1/users.removePersonalAccessToken")) {
            for (String tokenName : List.of("t", "tokenthatdoesnotexist")) {
                ApiClient.Response response = noRoles.post(path, Json.of(Map.of("tokenName", tokenName)));
                assertEquals(400, response.status(), response.toString());
                assertFalse(response.json().get("success").asBoolean());
                assertEquals("not-authorized", response.json().get("errorType").asText());
                assertEquals("Not Authorized [not-authorized]", response.json().get("error").asText());
            }
        }
        ApiClient.Response listed = noRoles.get("/api/v1/users.getPersonalAccessTokens");
        assertEquals(403, listed.status());
        assertEquals("User does not have the permissions required for this action [error-unauthorized]",
                listed.json().get("error").asText());
    }

    @Test
    void regeneratingATokenReplacesItAtOnce() {
        ApiClient.Response first = agent.post("/api/v1/users.generatePersonalAccessToken",
                Json.of(Map.of("tokenName", "rotating")));
        assertEquals(200, first.status(), first.toString());
        ApiClient.Response again = agent.post("/api/v1/users.regeneratePersonalAccessToken",
                Json.of(Map.of("tokenName", "rotating")));
        assertEquals(200, again.status(), again.toString());
        assertNotEquals(first.json().get("token").asText(), again.json().get("token").asText());
        ApiClient.Response unknown = agent.post("/api/v1/users.regeneratePersonalAccessToken",
                Json.of(Map.of("tokenName", "tokenthatdoesnotexist")));
        assertEquals(400, unknown.status());
        assertEquals("Token does not exist [error-token-does-not-exists]", unknown.json().get("error").asText());
    }

    @Test
    void usersAndTokensLifecycle() {
        ApiClient admin = operators.admin();
        ApiClient.Response created = admin.post("/api/v1/users.create", Json.of(Map.of("username", "alice",
                "name", "Alice", "email", "Alice@Example.com", "password", "correct horse battery",
                "roles", List.of("agent"))));
        assertEquals(200, created.status(), created.toString());
        JsonNode user = created.json().get("user");
        String aliceId = user.get("_id").asText();
        assertEquals("alice", user.get("username").asText());
        assertEquals("Alice", user.get("name").asText());
        assertEquals("agent", user.get("roles").get(0).asText());
        assertEquals("alice@example.com", user.get("emails").get(0).get("address").asText());
        assertTrue(created.json().get("success").asBoolean());

        ApiClient.Response duplicate = admin.post("/api/v1/users.create",
                Json.of(Map.of("username", "alice", "name", "Other", "roles", List.of("agent"))));
        assertEquals(400, duplicate.status());
        assertEquals("error-field-unavailable", duplicate.json().get("errorType").asText());
        assertEquals(400, admin.post("/api/v1/users.create",
                Json.of(Map.of("username", "bob", "name", "Bob", "roles", List.of("root")))).status());
        assertEquals(400, admin.post("/api/v1/users.create", Json.of(Map.of("name", "Bob"))).status());

        // The admin issues a token for alice; it is shown once.
        ApiClient.Response issued = admin.post("/api/v1/users.generatePersonalAccessToken",
                Json.of(Map.of("tokenName", "laptop", "userId", aliceId)));
        assertEquals(200, issued.status(), issued.toString());
        String token = issued.json().get("token").asText();
        assertTrue(token.length() >= 40);
        ApiClient alice = operators.anonymous().withHeaders(Map.of("X-User-Id", aliceId, "X-Auth-Token", token));
        assertEquals(200, alice.get("/api/v1/livechat/visitors.search?term=").status());

        // Same name again → 400; alice issues her own second token.
        assertEquals(400, admin.post("/api/v1/users.generatePersonalAccessToken",
                Json.of(Map.of("tokenName", "laptop", "userId", aliceId))).status());
        ApiClient.Response own = alice.post("/api/v1/users.generatePersonalAccessToken",
                Json.of(Map.of("tokenName", "phone")));
        assertEquals(200, own.status(), own.toString());
        assertNotEquals(token, own.json().get("token").asText());

        // Listing shows names and dates, never tokens.
        ApiClient.Response listed = alice.get("/api/v1/users.getPersonalAccessTokens");
        assertEquals(200, listed.status());
        assertEquals(2, listed.json().get("tokens").size());
        assertEquals("laptop", listed.json().get("tokens").get(0).get("name").asText());
        assertTrue(listed.json().get("tokens").get(0).has("createdAt"));
        assertFalse(listed.text().contains(token));
        assertEquals(2, admin.get("/api/v1/users.getPersonalAccessTokens?userId=" + aliceId)
                .json().get("tokens").size());

        // An agent may not touch another user's tokens.
        assertEquals(403, alice.post("/api/v1/users.generatePersonalAccessToken",
                Json.of(Map.of("tokenName", "evil", "userId", "admin"))).status());
        assertEquals(403, alice.get("/api/v1/users.getPersonalAccessTokens?userId=admin").status());

        // Revoked → 401 at once (the auth cache is cleared), the other token still works.
        assertEquals(200, alice.post("/api/v1/users.removePersonalAccessToken",
                Json.of(Map.of("tokenName", "laptop"))).status());
        assertEquals(401, alice.get("/api/v1/livechat/visitors.search?term=").status());
        ApiClient phone = operators.anonymous().withHeaders(Map.of("X-User-Id", aliceId,
                "X-Auth-Token", own.json().get("token").asText()));
        assertEquals(200, phone.get("/api/v1/livechat/visitors.search?term=").status());
        assertEquals(400, phone.post("/api/v1/users.removePersonalAccessToken",
                Json.of(Map.of("tokenName", "laptop"))).status());
        assertEquals(400, admin.post("/api/v1/users.generatePersonalAccessToken",
                Json.of(Map.of("tokenName", "x", "userId", "no-such-user"))).status());
    }

    @Test
    void tokensAreStoredOnlyAsHashes() throws Exception {
        try (Connection connection = host.host().database().dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT token_hash FROM access_tokens WHERE user_id = 'admin'")) {
            assertTrue(rows.next());
            String hash = rows.getString(1);
            assertEquals(64, hash.length());
            assertNotEquals(Operators.ADMIN_TOKEN, hash);
        }
    }

    @Test
    void bootstrapRotatesTheAdminTokenOnRestart() throws Exception {
        try (TestHost first = Operators.startHost()) {
            assertEquals(200, new Operators(first).admin().get("/api/v1/livechat/department").status());
            first.close();
            String rotated = "rotated-admin-token-abcdefghijklmnopqrstuvwxyz";
            try (TestHost second = TestHost.start(builder -> builder.dataDir(first.config().dataDir())
                    .adminToken(rotated))) {
                ApiClient old = second.client().withHeaders(Map.of("X-User-Id", "admin",
                        "X-Auth-Token", Operators.ADMIN_TOKEN));
                assertEquals(401, old.get("/api/v1/livechat/department").status());
                ApiClient fresh = second.client().withHeaders(Map.of("X-User-Id", "admin", "X-Auth-Token", rotated));
                assertEquals(200, fresh.get("/api/v1/livechat/department").status());
            }
        }
    }
}
