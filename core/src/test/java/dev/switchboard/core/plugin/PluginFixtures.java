package dev.switchboard.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.TestHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fixture plugins of plugins/testing, built by the reactor before core, and a host that loads them.
 * Fixture names: attacher, thrower, sleeper, spoofer, incompatible, and the hostile hanger, spinner, exiter, hog
 * (jar {@code test-<name>-<version>.jar}).
 */
public final class PluginFixtures {
    static final String ADMIN_TOKEN = "admin-secret";
    static final Duration HOOK_BUDGET = Duration.ofMillis(500);
    static final String ATTACHER = "test-attacher";

    private PluginFixtures() { }

    /** The built jar of one fixture plugin. */
    static Path jar(String name) {
        String root = System.getProperty("switchboard.plugins.dir");
        if (root == null) {
            fail("system property switchboard.plugins.dir is not set; run the ITs through Failsafe (mvn verify)");
        }
        Path target = Path.of(root, "testing", name, "target");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "test-" + name + "-*.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        } catch (IOException e) {
            // fall through to the failure below
        }
        throw new AssertionError("no built jar for fixture plugin " + name + " in " + target
                + "; build the reactor (mvn verify -pl core -am)");
    }

    /** A fresh plugins directory holding the named fixtures' jars. */
    public static Path pluginsDir(String... names) {
        try {
            Path dir = Files.createTempDirectory("switchboard-plugins");
            for (String name : names) {
                Path jar = jar(name);
                Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TestHost start(Path pluginsDir) throws Exception {
        return TestHost.start(b -> b.pluginsDir(pluginsDir).adminToken(ADMIN_TOKEN).hookTimeout(HOOK_BUDGET));
    }

    /** Starts a host with the named fixtures. */
    static TestHost startWith(String... names) throws Exception {
        return start(pluginsDir(names));
    }

    /** The admin API client (today's admin auth: two headers). */
    static ApiClient admin(TestHost host) {
        return host.client().withHeaders(Map.of("X-User-Id", "admin", "X-Auth-Token", ADMIN_TOKEN));
    }

    /** Sets the attacher's required secret so it is enabled. */
    static void configureAttacher(TestHost host) {
        ApiClient.Response response = admin(host).post("/api/apps/" + ATTACHER + "/settings",
                Json.of(Map.of("settings", Map.of("apiKey", "k-123"))));
        assertEquals(200, response.status(), response::toString);
        assertEquals("auto_enabled", app(host, ATTACHER).get("status").asText());
    }

    /** {@code GET /api/apps/{id}}'s app object. */
    static JsonNode app(TestHost host, String id) {
        ApiClient.Response response = admin(host).get("/api/apps/" + id);
        assertEquals(200, response.status(), response::toString);
        return response.json().get("app");
    }

    /** The entry of {@code GET /api/apps} for one app, or null. */
    static JsonNode listed(TestHost host, String id) {
        ApiClient.Response response = admin(host).get("/api/apps");
        assertEquals(200, response.status(), response::toString);
        for (JsonNode app : response.json().get("apps")) {
            if (app.get("id").asText().equals(id)) {
                return app;
            }
        }
        return null;
    }

    /** Waits (up to 5 s) until the app has {@code status}; returns its app object. */
    static JsonNode awaitStatus(TestHost host, String id, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        JsonNode app = app(host, id);
        while (!app.get("status").asText().equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            app = app(host, id);
        }
        assertEquals(status, app.get("status").asText(), app::toString);
        return app;
    }

    /** {@code POST /api/v1/livechat/visitor}; returns the response's visitor. */
    static JsonNode register(TestHost host, String token, String phone, String email) {
        Map<String, Object> visitor = new LinkedHashMap<>();
        visitor.put("token", token);
        visitor.put("name", "Visitor " + token);
        if (phone != null) {
            visitor.put("phone", phone);
        }
        if (email != null) {
            visitor.put("email", email);
        }
        ApiClient.Response response = host.client().post("/api/v1/livechat/visitor",
                Json.of(Map.of("visitor", visitor)));
        assertEquals(200, response.status(), response::toString);
        return response.json().get("visitor");
    }

    static JsonNode register(TestHost host, String token) {
        return register(host, token, null, null);
    }

    /** {@code GET /api/v1/livechat/visitor/:token}'s visitor. */
    static JsonNode visitor(TestHost host, String token) {
        ApiClient.Response response = host.client().get("/api/v1/livechat/visitor/" + token);
        assertEquals(200, response.status(), response::toString);
        return response.json().get("visitor");
    }

    /** The visitor's external id entry with {@code entityId}, or null. */
    static JsonNode externalId(JsonNode visitor, String entityId) {
        for (JsonNode entry : visitor.get("externalIds")) {
            if (entry.get("entityId").asText().equals(entityId)) {
                return entry;
            }
        }
        return null;
    }

    /** A call to an app endpoint: {@code /api/apps/public/{appId}/{path}}. */
    static ApiClient.Response call(TestHost host, String appId, String method, String path, Object jsonBody) {
        byte[] body = jsonBody == null ? null : Json.of(jsonBody).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return host.client().send(method, "/api/apps/public/" + appId + "/" + path, body,
                body == null ? Map.of() : Map.of("content-type", "application/json"));
    }

    static ApiClient.Response post(TestHost host, String path, Object jsonBody) {
        return call(host, ATTACHER, "POST", path, jsonBody);
    }

    static ApiClient.Response get(TestHost host, String path) {
        return call(host, ATTACHER, "GET", path, null);
    }
}
