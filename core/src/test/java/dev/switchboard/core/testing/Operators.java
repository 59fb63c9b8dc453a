package dev.switchboard.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

/** Users with roles and tokens for operator-API tests, created through the API by the bootstrap admin. */
public final class Operators {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnop";

    private final ApiClient anonymous;
    private final ApiClient admin;

    public Operators(TestHost host) {
        this.anonymous = host.client();
        this.admin = host.client().withHeaders(Map.of("X-User-Id", "admin", "X-Auth-Token", ADMIN_TOKEN));
    }

    /** Starts a host whose bootstrap admin has {@link #ADMIN_TOKEN}. */
    public static TestHost startHost() throws Exception {
        return TestHost.start(builder -> builder.adminToken(ADMIN_TOKEN));
    }

    public ApiClient admin() {
        return admin;
    }

    public ApiClient anonymous() {
        return anonymous;
    }

    /** A user logged in with its password: its id, username, login token and a client carrying that token. */
    public record Login(String id, String username, String token, ApiClient client) { }

    /**
     * Creates a user named {@code name} with {@code roles} and a password, and logs it in: a login token is what
     * makes an available agent online (a personal access token is not).
     */
    public Login login(String username, String name, List<String> roles) {
        String password = "pw-" + username;
        ApiClient.Response created = admin.post("/api/v1/users.create", Json.of(Map.of("username", username,
                "name", name, "email", username + "@example.com", "password", password, "roles", roles)));
        assertEquals(200, created.status(), created.toString());
        ApiClient.Response login = anonymous.post("/api/v1/login",
                Json.of(Map.of("user", username, "password", password)));
        assertEquals(200, login.status(), login.toString());
        String id = login.json().get("data").get("userId").asText();
        String token = login.json().get("data").get("authToken").asText();
        return new Login(id, username, token, anonymous.withHeaders(Map.of("X-User-Id", id, "X-Auth-Token", token)));
    }

    /** Creates a user with {@code roles} and answers a client that authenticates as that user. */
    public ApiClient userWithRoles(String username, List<String> roles) {
        return userWithRoles(username, "User " + username, roles);
    }

    /** Creates a user named {@code name} with {@code roles}; answers a client that authenticates as that user. */
    public ApiClient userWithRoles(String username, String name, List<String> roles) {
        ApiClient.Response created = admin.post("/api/v1/users.create",
                Json.of(Map.of("username", username, "name", name, "roles", roles)));
        assertEquals(200, created.status(), created.toString());
        String id = created.json().get("user").get("_id").asText();
        ApiClient.Response token = admin.post("/api/v1/users.generatePersonalAccessToken",
                Json.of(Map.of("tokenName", "tests", "userId", id)));
        assertEquals(200, token.status(), token.toString());
        return anonymous.withHeaders(Map.of("X-User-Id", id, "X-Auth-Token", token.json().get("token").asText()));
    }
}
