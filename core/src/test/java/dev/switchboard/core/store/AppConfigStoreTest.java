package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Operators' app status and settings ({@link AppConfigStore}) on SQLite and PostgreSQL. */
class AppConfigStoreTest {

    @StoreTest
    void operatorStatusIsUpsertedPerApp(TestDatabase db) throws Exception {
        AppConfigStore store = new AppConfigStore(db.database(), Clock.systemUTC());
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
        AppConfigStore store = new AppConfigStore(db.database(), Clock.systemUTC());
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
}
