package dev.switchboard.core.plugin;

import static dev.switchboard.core.plugin.PluginFixtures.configureAttacher;
import static dev.switchboard.core.plugin.PluginFixtures.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.TestHost;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What an app endpoint receives and how its answer reaches the client. */
class PluginEndpointsIT {
    private static TestHost host;

    @BeforeAll
    static void start() throws Exception {
        host = PluginFixtures.startWith("attacher");
        configureAttacher(host);
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void aBodyOverTheEndpointLimitIs413NamingThatLimit() {
        ApiClient.Response response = host.client().send("POST", "/api/apps/public/test-attacher/echo",
                new byte[4 * 1024 * 1024 + 1], Map.of());
        assertEquals(413, response.status(), response.toString());
        assertEquals("The request body is larger than 4194304 bytes [error-request-too-large]",
                response.json().get("error").asText());
    }

    @Test
    void endpointSeesMethodPathQueryLowerCasedHeadersAndRawBody() {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        ApiClient.Response response = host.client().send("PUT",
                "/api/apps/public/test-attacher/echo/sub/path?a=1&a=2&b=x%20y&A=3", body,
                Map.of("X-Custom-Header", "Value", "content-type", "application/octet-stream"));
        assertEquals(200, response.status(), response::toString);
        JsonNode echo = response.json();
        assertEquals("PUT", echo.get("method").asText());
        assertEquals("echo/sub/path", echo.get("path").asText());
        assertEquals("[\"1\",\"2\"]", echo.get("query").get("a").toString());
        assertEquals("[\"x y\"]", echo.get("query").get("b").toString());
        assertEquals("[\"3\"]", echo.get("query").get("A").toString(), "query names are case-sensitive");
        assertEquals("[\"Value\"]", echo.get("headers").get("x-custom-header").toString());
        echo.get("headers").fieldNames().forEachRemaining(name ->
                assertEquals(name.toLowerCase(java.util.Locale.ROOT), name, "header names are lower case"));
        assertEquals(256, echo.get("bodyLength").asInt());
        assertArrayEquals(body, Base64.getDecoder().decode(echo.get("bodyBase64").asText()));
    }

    @Test
    void endpointAnswersStatusHeadersAndBodyAsReturned() {
        byte[] body = {0, (byte) 0xff, 10, 13, 'x'};
        ApiClient.Response response = host.client().send("POST",
                "/api/apps/public/test-attacher/echo/raw?status=202", body, Map.of());
        assertEquals(202, response.status());
        assertEquals("raw", response.header("x-echo"));
        assertEquals("application/octet-stream", response.header("content-type"));
        assertArrayEquals(body, response.body());
        assertEquals("GET", get(host, "echo").json().get("method").asText());
        assertEquals(0, get(host, "echo").json().get("bodyLength").asInt());
    }

    @Test
    void endpointsRunWithThePluginsClassLoaderAsContextClassLoader() {
        JsonNode tccl = get(host, "tccl").json();
        assertTrue(tccl.get("pluginLoader").asBoolean(), tccl::toString);
    }

    @Test
    void throwingEndpointIsA500EnvelopeWithoutDetails() {
        ApiClient.Response response = get(host, "fail");
        assertEquals(500, response.status(), response::toString);
        JsonNode json = response.json();
        assertFalse(json.get("success").asBoolean());
        assertTrue(json.get("error").asText().contains("error-app-failed"), json::toString);
        assertFalse(response.text().contains("secret-internal-detail"), response::toString);
        assertFalse(response.text().contains("IllegalStateException"), response::toString);
        assertFalse(response.text().contains("\tat "), response::toString);
    }

    @Test
    void unknownAppsAndPathsAre404Envelopes() {
        for (String path : new String[] {"/api/apps/public/no-such-app/echo", "/api/apps/public/test-attacher/nope",
                "/api/apps/public/test-attacher/echox"}) {
            ApiClient.Response response = host.client().get(path);
            assertEquals(404, response.status(), path + ": " + response);
            assertFalse(response.json().get("success").asBoolean(), response::toString);
        }
    }
}
