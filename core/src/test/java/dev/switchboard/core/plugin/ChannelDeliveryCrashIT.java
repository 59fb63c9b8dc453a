package dev.switchboard.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Await;
import dev.switchboard.core.testing.HostProcess;
import dev.switchboard.core.testing.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An agent's reply into a channel app's room that was acknowledged but not yet handed to the app survives a
 * {@code kill -9}: the restarted host hands it over. (The app is disabled while the agent writes, so the kill
 * certainly falls between the commit and the hand-over.)
 */
class ChannelDeliveryCrashIT {
    private static final String APP = "test-channel";

    @Test
    void anAcknowledgedAgentReplyIsHandedOverAfterAKillDashNine() throws Exception {
        Path dir = Files.createTempDirectory("switchboard-channel-crash");
        Path data = dir.resolve("data");
        Path plugins = PluginFixtures.pluginsDir("channel");
        String messageId;
        String rid;
        try (HostProcess first = HostProcess.start(data, plugins, PluginFixtures.ADMIN_TOKEN, dir.resolve("1.log"))) {
            ApiClient api = first.client();
            String token = "crash-visitor";
            assertEquals(200, api.post("/api/v1/livechat/visitor", Json.of(Map.of("visitor",
                    Map.of("token", token, "name", "Crash")))).status());
            ApiClient.Response posted = api.send("POST", "/api/apps/public/" + APP + "/channel/post",
                    Json.of(Map.of("token", token, "id", "wamid.K1", "text", "Oi")).getBytes(),
                    Map.of("content-type", "application/json"));
            assertEquals(200, posted.status(), posted::toString);
            rid = posted.json().get("roomId").asText();
            ApiClient admin = admin(api);
            assertEquals(200, admin.post("/api/apps/" + APP + "/status",
                    Json.of(Map.of("status", "manually_disabled"))).status());
            ApiClient.Response sent = admin.post("/api/v1/chat.sendMessage",
                    Json.of(Map.of("message", Map.of("rid", rid, "msg", "Olá, aqui é a Ana"))));
            assertEquals(200, sent.status(), sent::toString);
            messageId = sent.json().get("message").get("_id").asText();
            first.kill();
        }
        assertEquals(1, count(data, "SELECT COUNT(*) FROM channel_outbox WHERE message_id = '" + messageId + "'"));

        try (HostProcess second = HostProcess.start(data, plugins, PluginFixtures.ADMIN_TOKEN,
                dir.resolve("2.log"))) {
            ApiClient admin = admin(second.client());
            assertEquals(200, admin.post("/api/apps/" + APP + "/status",
                    Json.of(Map.of("status", "manually_enabled"))).status());
            Await.until("the reply handed over after the restart", Duration.ofSeconds(20), () ->
                    status(admin, rid, messageId).equals("accepted"));
            ApiClient.Response handed = second.client().get("/api/apps/public/" + APP + "/channel/handed");
            JsonNode entry = handed.json().get("handed").get(0);
            assertEquals(messageId, entry.get("messageId").asText());
            assertEquals("Olá, aqui é a Ana", entry.get("text").asText());
            assertEquals(1, entry.get("attempt").asInt());
            assertEquals(1, handed.json().get("handed").size());
        }
        assertEquals(0, count(data, "SELECT COUNT(*) FROM channel_outbox"));
    }

    private static ApiClient admin(ApiClient api) {
        return api.withHeaders(Map.of("X-User-Id", "admin", "X-Auth-Token", PluginFixtures.ADMIN_TOKEN));
    }

    private static String status(ApiClient admin, String rid, String id) {
        ApiClient.Response sync = admin.get("/api/v1/chat.syncMessages?roomId=" + rid
                + "&lastUpdate=2000-01-01T00:00:00.000Z");
        for (JsonNode message : sync.json().get("result").get("updated")) {
            if (message.get("_id").asText().equals(id)) {
                return message.get("channel").get("status").asText();
            }
        }
        return "missing";
    }

    private static int count(Path data, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("switchboard.db"));
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
