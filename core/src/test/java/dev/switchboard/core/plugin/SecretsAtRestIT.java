package dev.switchboard.core.plugin;

import static dev.switchboard.core.plugin.PluginFixtures.ATTACHER;
import static dev.switchboard.core.plugin.PluginFixtures.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.secret.SecretKeyException;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.TestHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** App secrets at rest: encrypted in the database file, the key file and the data private, a wrong key refused. */
class SecretsAtRestIT {

    @Test
    void aSecretSettingNeverReachesTheDatabaseFilesInPlainText() throws Exception {
        String secret = "sekrit-" + UUID.randomUUID();
        TestHost host = PluginFixtures.startWith("attacher");
        Path data = host.config().dataDir();
        try {
            ApiClient.Response set = admin(host).post("/api/apps/" + ATTACHER + "/settings",
                    Json.of(Map.of("settings", Map.of("apiKey", secret))));
            assertEquals(200, set.status(), set::toString);
            assertEquals(secret, PluginFixtures.get(host, "settings/apiKey").json().get("value").asText(),
                    "the app reads the value it was given");
            assertNoPlainText(data, secret); // WAL included, before the checkpoint
            for (String file : new String[] {"switchboard.db", "switchboard.db-wal", "switchboard.db-shm"}) {
                assertEquals("rw-------", mode(data.resolve(file)), file);
            }
        } finally {
            host.close();
        }
        assertNoPlainText(data, secret);

        assertEquals("rwx------", mode(data));
        assertEquals("rw-------", mode(data.resolve("secret.key")));
        assertEquals("rw-------", mode(data.resolve("switchboard.db")));

        try (TestHost again = host.restart()) {
            assertEquals(secret, PluginFixtures.get(again, "settings/apiKey").json().get("value").asText(),
                    "the generated key file opens it after a restart");
        }
    }

    @Test
    void anotherKeyIsRefusedAtStartNamingTheSettingItCannotDecrypt() throws Exception {
        TestHost host = PluginFixtures.startWith("attacher");
        PluginFixtures.configureAttacher(host);
        host.close();

        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        SecretKeyException refused = assertThrows(SecretKeyException.class, () -> TestHost.start(builder ->
                host.config().toBuilder().port(0).secretKey(Base64.getEncoder().encodeToString(otherKey))));
        assertTrue(refused.getMessage().contains("cannot decrypt app setting test-attacher/apiKey"),
                refused.getMessage());

        SecretKeyException malformed = assertThrows(SecretKeyException.class, () -> TestHost.start(builder ->
                host.config().toBuilder().port(0).secretKey("not a key")));
        assertTrue(malformed.getMessage().contains("SWITCHBOARD_SECRET_KEY does not hold a base64 AES-256 key"),
                malformed.getMessage());
    }

    private static void assertNoPlainText(Path data, String secret) throws Exception {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (var files = Files.list(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(contains(Files.readAllBytes(file), needle), file + " holds the secret in plain text");
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
