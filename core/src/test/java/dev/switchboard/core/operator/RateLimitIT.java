package dev.switchboard.core.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.TestHost;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitIT {
    private static ApiClient.Response register(ApiClient client, String token, Map<String, String> headers) {
        return client.send("POST", "/api/v1/livechat/visitor",
                Json.of(Map.of("visitor", Map.of("token", token))).getBytes(StandardCharsets.UTF_8),
                withJson(headers));
    }

    private static Map<String, String> withJson(Map<String, String> headers) {
        java.util.Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("content-type", "application/json");
        return all;
    }

    @Test
    void registrationIsLimitedToFivePerMinuteWithRocketChatsAnswer() throws Exception {
        try (TestHost host = TestHost.start(builder -> builder.rateLimit(true))) {
            ApiClient client = host.client();
            long before = System.currentTimeMillis();
            for (int i = 0; i < 5; i++) {
                ApiClient.Response ok = register(client, "rl-" + i, Map.of());
                assertEquals(200, ok.status(), ok.toString());
                assertEquals("5", ok.header("X-RateLimit-Limit"));
                assertEquals(Integer.toString(4 - i), ok.header("X-RateLimit-Remaining"));
            }
            ApiClient.Response limited = register(client, "rl-6", Map.of());
            assertEquals(429, limited.status());
            assertFalse(limited.json().get("success").asBoolean());
            assertEquals("error-too-many-requests", limited.json().get("errorType").asText());
            String error = limited.json().get("error").asText();
            assertTrue(error.matches("Error, too many requests\\. Please slow down\\. You must wait (59|60) seconds "
                    + "before trying this endpoint again\\. \\[error-too-many-requests]"), error);
            assertEquals("5", limited.header("X-RateLimit-Limit"));
            assertEquals("0", limited.header("X-RateLimit-Remaining"));
            long reset = Long.parseLong(limited.header("X-RateLimit-Reset"));
            assertTrue(reset >= before + 59_000 && reset <= System.currentTimeMillis() + 60_000, "reset in ms");
            // The limited request did nothing.
            assertEquals(400, client.get("/api/v1/livechat/visitor/rl-6").status());

            // Other routes count separately: GET visitor/:token allows 10, whatever the token (one was used above).
            for (int i = 0; i < 9; i++) {
                assertEquals(200, client.get("/api/v1/livechat/visitor/rl-" + (i % 5)).status());
            }
            ApiClient.Response getLimited = client.get("/api/v1/livechat/visitor/rl-0");
            assertEquals(429, getLimited.status());
            assertEquals("10", getLimited.header("X-RateLimit-Limit"));
            // Unlimited routes carry no headers.
            ApiClient.Response health = client.get("/health");
            assertNull(health.header("X-RateLimit-Limit"));
        }
    }

    @Test
    void forwardedForIsIgnoredUnlessThePeerIsATrustedProxy() throws Exception {
        try (TestHost host = TestHost.start(builder -> builder.rateLimit(true))) {
            for (int i = 0; i < 5; i++) {
                assertEquals(200, register(host.client(), "xff-" + i,
                        Map.of("X-Forwarded-For", "203.0.113." + i)).status());
            }
            assertEquals(429, register(host.client(), "xff-9", Map.of("X-Forwarded-For", "203.0.113.99")).status());
        }
        try (TestHost host = TestHost.start(builder -> builder.rateLimit(true)
                .trustedProxies(List.of("127.0.0.0/8", "::1/128")))) {
            for (int i = 0; i < 5; i++) {
                assertEquals(200, register(host.client(), "tp-a" + i, Map.of("X-Forwarded-For", "203.0.113.1"))
                        .status());
            }
            assertEquals(429, register(host.client(), "tp-a9", Map.of("X-Forwarded-For", "203.0.113.1")).status());
            // Another client behind the same proxy has its own budget; a spoofed left-most hop does not help.
            assertEquals(200, register(host.client(), "tp-b", Map.of("X-Forwarded-For", "203.0.113.2")).status());
            assertEquals(429, register(host.client(), "tp-c",
                    Map.of("X-Forwarded-For", "198.51.100.7, 203.0.113.1")).status());
        }
    }

    @Test
    void limitsAreConfigurablePerRoute() throws Exception {
        try (TestHost host = TestHost.start(builder -> builder.rateLimit(true).rateLimitRoutes(List.of(
                "POST /api/v1/livechat/visitor=2/30", "GET /api/v1/livechat/visitor/:token=off",
                "POST /api/v1/livechat/custom.field=1/60")))) {
            assertEquals(200, register(host.client(), "cfg-1", Map.of()).status());
            ApiClient.Response second = register(host.client(), "cfg-2", Map.of());
            assertEquals("2", second.header("X-RateLimit-Limit"));
            ApiClient.Response third = register(host.client(), "cfg-3", Map.of());
            assertEquals(429, third.status());
            assertTrue(third.json().get("error").asText().contains("You must wait 30 seconds")
                    || third.json().get("error").asText().contains("You must wait 29 seconds"));
            for (int i = 0; i < 15; i++) {
                assertEquals(200, host.client().get("/api/v1/livechat/visitor/cfg-1").status());
            }
            String body = Json.of(Map.of("token", "cfg-1", "key", "k", "value", "v", "overwrite", true));
            assertEquals(400, host.client().post("/api/v1/livechat/custom.field", body).status());
            assertEquals(429, host.client().post("/api/v1/livechat/custom.field", body).status());
        }
    }

    @Test
    void customFieldRoutesHaveRocketChatsDefaultLimit() throws Exception {
        try (TestHost host = TestHost.start(builder -> builder.rateLimit(true))) {
            for (String route : List.of("custom.field", "custom.fields")) {
                String path = "/api/v1/livechat/" + route;
                for (int i = 0; i < 10; i++) {
                    ApiClient.Response counted = host.client().post(path, "{}");
                    assertEquals(400, counted.status(), counted.toString());
                    assertEquals("10", counted.header("X-RateLimit-Limit"));
                }
                ApiClient.Response limited = host.client().post(path, "{}");
                assertEquals(429, limited.status(), route);
                assertEquals("error-too-many-requests", limited.json().get("errorType").asText());
            }
        }
    }

    @Test
    void offDisablesLimits() throws Exception {
        try (TestHost host = TestHost.start()) {
            for (int i = 0; i < 8; i++) {
                ApiClient.Response ok = register(host.client(), "off-" + i, Map.of());
                assertEquals(200, ok.status());
                assertNull(ok.header("X-RateLimit-Limit"));
            }
        }
    }
}
