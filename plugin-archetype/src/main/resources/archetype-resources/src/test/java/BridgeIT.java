package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.testkit.PluginTestHost;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged jar in a real host, over HTTP: what an operator would run. */
class BridgeIT {
    private static final String TOKEN = "0123456789abcdef";

    @Test
    void theWebhookLinksAVisitorThatTheVisitorApiShows() throws Exception {
        try (PluginTestHost host = PluginTestHost.forPluginJar().setting(BridgeApp.WEBHOOK_TOKEN, TOKEN).start()) {
            assertEquals("auto_enabled", host.app().get("status").asText());
            ApiClient.Response answer = host.client().send("POST", host.endpoint("webhook"),
                    "{\"id\":\"d-1\",\"from\":\"c-7\",\"name\":\"Ann\"}".getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json", "X-Webhook-Token", TOKEN));
            assertEquals(200, answer.status(), answer::toString);
            JsonNode visitor = host.visitor(answer.json().get("token").asText());
            assertEquals("Ann", visitor.get("name").asText());
            assertTrue(visitor.get("externalIds").toString().contains("\"c-7\""), visitor::toString);

            JsonNode widget = host.registerVisitor("tok-w", null, "w@example.com");
            assertTrue(widget.get("externalIds").toString().contains("web:tok-w"), widget::toString);
            assertEquals(400, host.saveSettings(Map.of(BridgeApp.WEBHOOK_TOKEN, "short")).status());
        }
    }
}
