package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kit's host with real fixture plugins: plugins/testing/attacher from its jar and from its classes, and the
 * channel app plugins/testing/channel for a conversation both ways.
 */
class PluginTestHostIT {

    @Test
    void aPluginJarIsLoadedConfiguredAndCalledThroughItsEndpointAndHooks() throws Exception {
        Path jar = Path.of(System.getProperty("switchboard.attacher.jar"));
        try (PluginTestHost host = PluginTestHost.withJar(jar).setting("apiKey", "k-1").start()) {
            assertEquals("test-attacher", host.appId());
            assertEquals("auto_enabled", host.app().get("status").asText());
            ApiClient.Response echo = host.post("echo", "{\"hello\":\"world\"}");
            assertEquals(200, echo.status(), echo::toString);
            JsonNode visitor = host.registerVisitor("tok-kit", null, null);
            assertTrue(visitor.get("externalIds").toString().contains("ext-tok-kit"), visitor::toString);
            assertEquals(visitor.get("_id"), host.visitor("tok-kit").get("_id"));

            ApiClient.Response refused = host.saveSettings(Map.of("apiKey", "with space"));
            assertEquals(400, refused.status(), refused::toString);
            assertFalse(refused.text().contains("with space"));
        }
    }

    @Test
    void compiledClassesAreLoadedAsAPlugin() throws Exception {
        Path classes = Path.of(System.getProperty("switchboard.attacher.classes"));
        try (PluginTestHost host = PluginTestHost.withClasses(classes, "attacher-classes").start()) {
            assertEquals("invalid_settings_disabled", host.app().get("status").asText(), "apiKey is required");
            assertEquals(200, host.saveSettings(Map.of("apiKey", "k-2")).status());
            assertEquals("auto_enabled", host.app().get("status").asText());
            assertEquals(200, host.get("settings/apiKey").status());
        }
    }

    @Test
    void anAgentLoggedInThroughTheKitAnswersAChannelVisitorAndReadsTheStatusTheAppReported() throws Exception {
        Path jar = Path.of(System.getProperty("switchboard.channel.jar"));
        try (PluginTestHost host = PluginTestHost.withJar(jar).start()) {
            PluginTestHost.Agent agent = host.loginAgent("ana");
            host.registerVisitor("tok-wa", "+1 555 0100", null);
            ApiClient.Response posted = host.post("channel/post",
                    "{\"token\":\"tok-wa\",\"alias\":\"WhatsApp +1 555 0100\",\"id\":\"wamid.1\",\"text\":\"Olá\"}");
            assertEquals(200, posted.status(), posted::toString);
            String rid = posted.json().get("roomId").asText();

            JsonNode sent = agent.send(rid, "Olá! Como posso ajudar?");
            assertEquals("pending", sent.get("channel").get("status").asText());
            String id = sent.get("_id").asText();
            JsonNode accepted = awaitStatus(agent, rid, id, "accepted");
            assertEquals("out-" + id, accepted.get("channel").get("id").asText(), "the fixture sender's channel id");
            assertEquals("ana", agent.message(rid, id).get("u").get("username").asText());

            ApiClient.Response read = host.post("channel/receipt", "{\"id\":\"out-" + id + "\",\"status\":\"read\"}");
            assertTrue(read.json().get("known").asBoolean(), read::toString);
            awaitStatus(agent, rid, id, "read");

            List<String> visitorSees = host.history("tok-wa", rid).stream().map(m -> m.get("msg").asText()).toList();
            assertTrue(visitorSees.containsAll(List.of("Olá", "Olá! Como posso ajudar?")), visitorSees::toString);
        }
    }

    private static JsonNode awaitStatus(PluginTestHost.Agent agent, String rid, String id, String status)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (true) {
            JsonNode message = agent.message(rid, id);
            if (status.equals(message.get("channel").get("status").asText())) {
                return message;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("message " + id + " is not " + status + ": " + message);
            }
            Thread.sleep(50);
        }
    }
}
