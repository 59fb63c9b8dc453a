package dev.switchboard.core.plugin;

import static dev.switchboard.core.plugin.PluginFixtures.ADMIN_TOKEN;
import static dev.switchboard.core.plugin.PluginFixtures.ATTACHER;
import static dev.switchboard.core.plugin.PluginFixtures.HOOK_BUDGET;
import static dev.switchboard.core.plugin.PluginFixtures.configureAttacher;
import static dev.switchboard.core.plugin.PluginFixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.config.Observability;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.DdpClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.TestHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} after real traffic (visitor API, operator API, an app's hook and endpoint): every family
 * the host promises is there, requests are labelled by route template, and only the admin or scrape token may read.
 */
class MetricsIT {
    private static final String SCRAPE_TOKEN = "scrape-token-0123456789";

    @Test
    void everyFamilyIsScrapedAfterTraffic() throws Exception {
        try (TestHost host = TestHost.start(b -> b.pluginsDir(PluginFixtures.pluginsDir("attacher"))
                .adminToken(ADMIN_TOKEN).hookTimeout(HOOK_BUDGET)
                .observability(new Observability(SCRAPE_TOKEN, Observability.LogFormat.TEXT, true)))) {
            configureAttacher(host);
            ApiClient client = host.client();
            for (int i = 0; i < 3; i++) {
                assertEquals(200, client.post("/api/v1/livechat/visitor", Json.of(Map.of("visitor",
                        Map.of("token", "metrics-" + i, "phone", "+1555000" + i)))).status());
                assertEquals(200, client.get("/api/v1/livechat/visitor/metrics-" + i).status());
            }
            assertEquals(400, client.get("/api/v1/livechat/visitor/unknown-token").status());
            assertEquals(404, client.get("/no/such/route").status());
            assertEquals(200, get(host, "echo").status());
            ApiClient admin = client.withHeaders(Map.of("X-User-Id", "admin", "X-Auth-Token", ADMIN_TOKEN));
            assertEquals(200, admin.get("/api/v1/livechat/department").status());

            ApiClient.Response scraped;
            try (DdpClient socket = DdpClient.connected(host.port())) {
                scraped = client.withHeaders(Map.of("Authorization", "Bearer " + SCRAPE_TOKEN)).get("/metrics");
            }
            assertEquals(200, scraped.status(), scraped.toString());
            assertTrue(scraped.header("Content-Type").startsWith("text/plain"), scraped.header("Content-Type"));
            String text = scraped.text();
            for (String family : List.of(
                    "switchboard_http_requests_seconds_bucket{",
                    "route=\"/api/v1/livechat/visitor/:token\"",
                    "route=\"/api/v1/livechat/visitor\"",
                    "route=\"unmatched\"",
                    "status=\"400\"",
                    "cache_gets_total{cache=\"visitors\"",
                    "cache_size{cache=\"visitors\"",
                    "cache_gets_total{cache=\"auth-tokens\"",
                    "hikaricp_connections_active",
                    "hikaricp_connections_pending",
                    "switchboard_writer_queue_depth",
                    "switchboard_writer_batch_size_count",
                    "switchboard_writer_batch_size_bucket",
                    "switchboard_plugin_calls_seconds_count{app=\"" + ATTACHER + "\",kind=\"hook\"",
                    "switchboard_plugin_calls_seconds_count{app=\"" + ATTACHER + "\",kind=\"endpoint\"",
                    "switchboard_websocket_connections 1.0",
                    "jvm_memory_used_bytes")) {
                assertTrue(text.contains(family), () -> family + " missing from /metrics:\n" + text);
            }
            assertFalse(text.contains("metrics-1"), "raw paths (tokens) never become labels");

            // The admin token works too; nothing else does.
            assertEquals(200, client.withHeaders(Map.of("Authorization", "Bearer " + ADMIN_TOKEN))
                    .get("/metrics").status());
            assertEquals(401, client.get("/metrics").status());
            ApiClient.Response wrong = client.withHeaders(Map.of("Authorization", "Bearer nope")).get("/metrics");
            assertEquals(401, wrong.status());
            assertEquals("Bearer", wrong.header("WWW-Authenticate"));
            assertEquals(401, admin.get("/metrics").status(), "the API's headers are not a scrape token");
        }
    }

    @Test
    void everyResponseCarriesARequestIdAndASaneOneIsKept() throws Exception {
        try (TestHost host = TestHost.start()) {
            String given = host.client().withHeaders(Map.of("X-Request-Id", "trace-42")).get("/api/info")
                    .header("X-Request-Id");
            assertEquals("trace-42", given);
            String replaced = host.client().withHeaders(Map.of("X-Request-Id", "bad id\twith spaces"))
                    .get("/api/info").header("X-Request-Id");
            assertFalse(replaced.contains(" "));
            assertFalse(host.client().get("/api/info").header("X-Request-Id").isEmpty());
        }
    }
}
