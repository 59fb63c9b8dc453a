package dev.switchboard.core.plugin;

import static dev.switchboard.core.plugin.PluginFixtures.ATTACHER;
import static dev.switchboard.core.plugin.PluginFixtures.configureAttacher;
import static dev.switchboard.core.plugin.PluginFixtures.externalId;
import static dev.switchboard.core.plugin.PluginFixtures.listed;
import static dev.switchboard.core.plugin.PluginFixtures.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.TestHost;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** Broken, unreadable and incompatible jars are listed with a status and a reason; the host serves the rest. */
class PluginLoadingIT {

    @Test
    void badJarsAreListedWithReasonsAndTheHostServesTheOthers() throws Exception {
        Path dir = PluginFixtures.pluginsDir("attacher", "incompatible");
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        Files.write(dir.resolve("corrupt.jar"), garbage);
        writeJarWithoutExtensionsIndex(dir.resolve("no-index.jar"));

        try (TestHost host = PluginFixtures.start(dir)) {
            JsonNode incompatible = listed(host, "test-incompatible");
            assertNotNull(incompatible, "incompatible plugin not listed");
            assertEquals("incompatible_disabled", incompatible.get("status").asText());
            assertTrue(incompatible.get("statusReason").asText().contains(">=9.0.0"), incompatible::toString);

            JsonNode corrupt = listed(host, "corrupt");
            assertNotNull(corrupt, "corrupt jar not listed");
            assertEquals("invalid_installation_disabled", corrupt.get("status").asText());
            assertTrue(corrupt.get("statusReason").asText().contains("corrupt.jar"), corrupt::toString);

            JsonNode noIndex = listed(host, "test-no-index");
            assertNotNull(noIndex, "jar without extensions.idx not listed");
            assertEquals("invalid_installation_disabled", noIndex.get("status").asText());
            assertTrue(noIndex.get("statusReason").asText().contains("extensions.idx"), noIndex::toString);

            assertEquals("invalid_settings_disabled", listed(host, ATTACHER).get("status").asText());
            configureAttacher(host);
            JsonNode visitor = register(host, "tok-load");
            assertNotNull(externalId(visitor, "ext-tok-load"));
            assertNull(externalId(visitor, "incompatible-tok-load"));
            assertEquals(404, PluginFixtures.call(host, "test-incompatible", "GET", "x", null).status());
        }
    }

    /** A plugin jar with a valid manifest and a class, but no META-INF/extensions.idx. */
    private static void writeJarWithoutExtensionsIndex(Path jar) throws Exception {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Plugin-Id", "test-no-index");
        attributes.putValue("Plugin-Version", "1.0.0");
        attributes.putValue("Plugin-Requires", ">=1.0.0 & <2.0.0");
        byte[] hookClass = Files.readAllBytes(compiledClassOfAttacher());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("dev/switchboard/plugins/testing/attacher/AttacherHook.class"));
            out.write(hookClass);
            out.closeEntry();
        }
    }

    private static Path compiledClassOfAttacher() {
        return Path.of(System.getProperty("switchboard.plugins.dir"), "testing", "attacher", "target", "classes",
                "dev", "switchboard", "plugins", "testing", "attacher", "AttacherHook.class");
    }
}
