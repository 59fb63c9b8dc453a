package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import dev.switchboard.core.secret.SecretBox;
import dev.switchboard.core.secret.SecretKeyException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Operators' app status and settings ({@link AppConfigStore}), encrypted at rest, on SQLite and PostgreSQL. */
class AppConfigStoreTest {

    @StoreTest
    void operatorStatusIsUpsertedPerApp(TestDatabase db) throws Exception {
        AppConfigStore store = new AppConfigStore(db.database(), Clock.systemUTC(), SecretBox.random());
        assertEquals(Optional.empty(), await(store.operatorStatus("app-a")));

        await(store.setOperatorStatus("app-a", "manually_disabled"));
        await(store.setOperatorStatus("app-b", "manually_enabled"));
        assertEquals(Optional.of("manually_disabled"), await(store.operatorStatus("app-a")));
        await(store.setOperatorStatus("app-a", "manually_enabled"));
        assertEquals(Optional.of("manually_enabled"), await(store.operatorStatus("app-a")));
        assertEquals(Optional.of("manually_enabled"), await(store.operatorStatus("app-b")));
        assertEquals("1", StoreTests.scalar(db.database(), "SELECT COUNT(*) FROM app_status WHERE app_id = 'app-a'"));
    }

    @StoreTest
    void settingsAreSetAndClearedInOneTransactionPerApp(TestDatabase db) throws Exception {
        AppConfigStore store = new AppConfigStore(db.database(), Clock.systemUTC(), SecretBox.random());
        assertEquals(Map.of(), await(store.settings("app-a")));

        Map<String, String> first = await(store.updateSettings("app-a", Map.of("token", "s3cr€t", "mode", "live")));
        assertEquals(Map.of("token", "s3cr€t", "mode", "live"), first);
        assertEquals(java.util.List.of("mode", "token"), java.util.List.copyOf(first.keySet()), "sorted by id");
        await(store.updateSettings("app-b", Map.of("token", "other")));

        Map<String, String> changes = new HashMap<>();
        changes.put("token", null);       // clear
        changes.put("mode", "test");      // overwrite
        changes.put("empty", "");         // an empty value is a value
        changes.put("never-set", null);   // clearing what is not there is fine
        assertEquals(Map.of("mode", "test", "empty", ""), await(store.updateSettings("app-a", changes)));
        assertEquals(Map.of("mode", "test", "empty", ""), await(store.settings("app-a")));
        assertEquals(Map.of("token", "other"), await(store.settings("app-b")), "apps do not share settings");
        assertTrue(await(store.settings("app-c")).isEmpty());
    }

    @StoreTest
    void settingValuesAreStoredEncryptedAndOnlyTheirOwnRowOpensThem(TestDatabase db) throws Exception {
        SecretBox key = SecretBox.random();
        AppConfigStore store = new AppConfigStore(db.database(), Clock.systemUTC(), key);
        assertEquals(0, store.checkSecrets());
        await(store.updateSettings("app-a", Map.of("token", "s3cr3t-value")));
        await(store.updateSettings("app-b", Map.of("token", "other")));

        String stored = StoreTests.scalar(db.database(),
                "SELECT value FROM app_settings WHERE app_id = 'app-a' AND setting_id = 'token'");
        assertFalse(stored.contains("s3cr3t"), stored);
        assertTrue(stored.startsWith("v1:"), stored);
        assertEquals(Map.of("token", "s3cr3t-value"), await(store.settings("app-a")));

        // A value copied into another app's row does not open there.
        update(db, "UPDATE app_settings SET value = ? WHERE app_id = 'app-b'", stored);
        assertThrows(SecretKeyException.class, () -> await(store.settings("app-b")));
        SecretKeyException named = assertThrows(SecretKeyException.class, store::checkSecrets);
        assertTrue(named.getMessage().contains("app-b/token"), named.getMessage());
    }

    @StoreTest
    void theFirstStartEncryptsPlainValuesOnceAndAnotherKeyIsRefusedNamingTheSetting(TestDatabase db)
            throws Exception {
        update(db, "INSERT INTO app_settings (app_id, setting_id, value, updated_at) "
                + "VALUES ('app-a', 'apiKey', 'plain-before-upgrade', 0)");
        SecretBox key = SecretBox.random();
        AppConfigStore store = new AppConfigStore(db.database(), Clock.systemUTC(), key);

        assertEquals(1, store.checkSecrets(), "the plain value was encrypted");
        assertFalse(StoreTests.scalar(db.database(), "SELECT value FROM app_settings").contains("plain-before"));
        assertEquals(Map.of("apiKey", "plain-before-upgrade"), await(store.settings("app-a")));
        assertEquals(0, store.checkSecrets(), "encrypted once only");
        assertEquals(0, new AppConfigStore(db.anotherNode(), Clock.systemUTC(), key).checkSecrets(),
                "another node with the same key starts");

        AppConfigStore wrongKey = new AppConfigStore(db.database(), Clock.systemUTC(), SecretBox.random());
        SecretKeyException refused = assertThrows(SecretKeyException.class, wrongKey::checkSecrets);
        assertTrue(refused.getMessage().contains("app-a/apiKey"), refused.getMessage());

        update(db, "DELETE FROM app_settings");
        SecretKeyException noValues = assertThrows(SecretKeyException.class, wrongKey::checkSecrets);
        assertTrue(noValues.getMessage().contains("not the one this database's secrets were encrypted with"),
                noValues.getMessage());
    }

    private static void update(TestDatabase db, String sql, String... parameters) throws Exception {
        try (Connection connection = db.database().dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
