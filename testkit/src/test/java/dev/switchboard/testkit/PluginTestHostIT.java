package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kit's host with a real fixture plugin (plugins/testing/attacher), from its jar and from its classes. */
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
}
