package dev.switchboard.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --cors-origins} (preflights and actual requests) and {@code --livechat-dir} (the widget at /livechat). */
class CorsAndLivechatFilesIT {
    private static final String SHOP = "https://shop.example";

    private static ApiClient.Response preflight(TestHost host, String origin) {
        return host.client().send("OPTIONS", "/api/v1/livechat/visitor", null, origin == null
                ? Map.of("Access-Control-Request-Method", "POST")
                : Map.of("Origin", origin, "Access-Control-Request-Method", "POST"));
    }

    @Test
    void corsIsOffByDefault() throws Exception {
        try (TestHost host = TestHost.start()) {
            ApiClient.Response preflight = preflight(host, SHOP);
            assertEquals(405, preflight.status());
            assertNull(preflight.header("Access-Control-Allow-Origin"));
            ApiClient.Response get = host.client().send("GET", "/api/info", null, Map.of("Origin", SHOP));
            assertEquals(200, get.status());
            assertNull(get.header("Access-Control-Allow-Origin"));
            assertEquals(404, host.client().get("/api/v1/nope").status(), "unknown paths stay 404, not 405");
        }
    }

    @Test
    void onlyListedOriginsArePermitted() throws Exception {
        try (TestHost host = TestHost.start(builder -> builder.corsOrigins(List.of(SHOP, "http://localhost:8080")))) {
            ApiClient.Response allowed = preflight(host, "https://SHOP.example");
            assertEquals(200, allowed.status());
            assertEquals("https://SHOP.example", allowed.header("Access-Control-Allow-Origin"));
            assertEquals("Origin", allowed.header("Vary"));
            assertEquals(CorsRoutes.ALLOW_METHODS, allowed.header("Access-Control-Allow-Methods"));
            assertEquals(CorsRoutes.ALLOW_HEADERS, allowed.header("Access-Control-Allow-Headers"));

            ApiClient.Response other = preflight(host, "https://evil.example");
            assertEquals(403, other.status());
            assertEquals("Invalid origin", other.text());
            assertNull(other.header("Access-Control-Allow-Origin"));
            assertEquals(403, preflight(host, null).status(), "a preflight without Origin");
            assertEquals(403, preflight(host, "https://shop.example.evil.example").status(), "exact match only");

            ApiClient.Response get = host.client().send("GET", "/api/info", null, Map.of("Origin", SHOP));
            assertEquals(SHOP, get.header("Access-Control-Allow-Origin"));
            ApiClient.Response foreign = host.client().send("GET", "/api/info", null,
                    Map.of("Origin", "https://evil.example"));
            assertEquals(200, foreign.status(), "answered, but the browser will not let the page read it");
            assertNull(foreign.header("Access-Control-Allow-Origin"));
            assertEquals(404, host.client().get("/api/v1/nope").status());
        }
    }

    @Test
    void aStarPermitsEveryOrigin() throws Exception {
        try (TestHost host = TestHost.start(builder -> builder.corsOrigins(List.of("*")))) {
            ApiClient.Response preflight = preflight(host, "https://anywhere.example");
            assertEquals(200, preflight.status());
            assertEquals("*", preflight.header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void servesTheWidgetAtLivechat() throws Exception {
        Path dir = Files.createTempDirectory("livechat");
        Files.writeString(dir.resolve("index.html"), "<!doctype html><html><head><title>W</title></head>"
                + "<body><script src=\"livechat/bundle.js\"></script></body></html>");
        Files.writeString(dir.resolve("bundle.js"), "console.log('widget');");
        Files.writeString(dir.resolve("style.css"), "body{}");
        Files.writeString(dir.resolve(".widget-version"), "1.13.3");
        Files.createDirectory(dir.resolve("assets"));
        Path outside = Files.writeString(dir.getParent().resolve("outside-" + dir.getFileName() + ".txt"), "private");
        try (TestHost host = TestHost.start(builder -> builder.livechatDir(dir))) {
            ApiClient.Response page = host.client().get("/livechat");
            assertEquals(200, page.status());
            assertEquals("text/html; charset=utf-8", page.header("content-type"));
            assertEquals("no-cache", page.header("cache-control"));
            assertTrue(page.text().contains("<script>SERVER_URL=window.location.origin;</script></head>"),
                    "the widget calls the origin it was loaded from: " + page.text());
            assertEquals(page.text(), host.client().get("/livechat/index.html").text());

            ApiClient.Response slash = host.client().get("/livechat/?mode=popout");
            assertEquals(301, slash.status());
            assertEquals("/livechat?mode=popout", slash.header("location"));

            ApiClient.Response script = host.client().get("/livechat/bundle.js");
            assertEquals(200, script.status());
            assertEquals("console.log('widget');", script.text());
            assertTrue(script.header("content-type").startsWith("text/javascript"), script.header("content-type"));
            assertTrue(script.header("cache-control").contains("max-age=3600"), script.header("cache-control"));
            assertTrue(host.client().get("/livechat/style.css").header("content-type").startsWith("text/css"));

            assertEquals(404, host.client().get("/livechat/missing.js").status());
            assertEquals(404, host.client().get("/livechat/.widget-version").status(), "hidden files");
            assertEquals(404, host.client().get("/livechat/assets/").status(), "no directory listing");
            ApiClient.Response traversal = host.client().get("/livechat/..%2f" + outside.getFileName());
            assertEquals(404, traversal.status());
            assertEquals(404, host.client().get("/livechat/../" + outside.getFileName()).status());
        }
        try (TestHost host = TestHost.start()) {
            assertEquals(404, host.client().get("/livechat").status(), "nothing there without the flag");
        }
    }
}
