package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static dev.switchboard.core.store.StoreTests.awaitHeard;
import static dev.switchboard.core.store.StoreTests.awaitListening;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.ExternalIdTakenException;
import dev.switchboard.core.visitor.RegistrationRequest;
import java.sql.Statement;
import dev.switchboard.core.secret.SecretBox;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The writers wired to cluster events ("Cluster events from every writer"): external ids and custom-field values
 * announce the visitor's token, app settings and status announce the app, to a second node, only on commit.
 *
 * <p>A rolled-back write is made with a deferred constraint trigger that raises at COMMIT, i.e. after the writer
 * called {@code pg_notify}: the notification must die with the transaction. SQLite (one node) hears nothing.
 */
class WriterEventsStoreTest {

    /** Node B's ears: tokens and app ids it heard. */
    private record Ears(List<String> tokens, List<String> apps) { }

    private static Ears listenOnAnotherNode(TestDatabase db) throws InterruptedException {
        Database nodeB = db.anotherNode();
        Ears ears = new Ears(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        nodeB.events().onTokenChanged(ears.tokens()::add);
        nodeB.events().onAppChanged(ears.apps()::add);
        awaitListening(nodeB);
        return ears;
    }

    /** On SQLite nothing is ever delivered; on PostgreSQL, waits until a marker committed after now is heard. */
    private static void catchUp(TestDatabase db, Ears ears, String marker) throws Exception {
        if (!db.isPostgres()) {
            Thread.sleep(200);
            assertTrue(ears.tokens().isEmpty() && ears.apps().isEmpty(), "SQLite is one node: no cluster events");
            return;
        }
        // Notifications arrive in commit order: once a later commit's marker is heard, earlier ones were too.
        await(db.database().transactions().submit(connection -> {
            db.database().events().tokensChanged(connection, marker);
            return null;
        }));
        awaitHeard(ears.tokens(), marker);
    }

    /** PostgreSQL: a write touching a row of {@code table} matching {@code when} fails at COMMIT. */
    private static void failAtCommit(TestDatabase db, String table, String when) throws Exception {
        await(db.database().transactions().submit(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE OR REPLACE FUNCTION fail_at_commit() RETURNS trigger LANGUAGE plpgsql "
                        + "AS $$ BEGIN RAISE EXCEPTION 'failing at commit on purpose'; END $$");
                statement.execute("CREATE CONSTRAINT TRIGGER fail_at_commit AFTER INSERT OR UPDATE ON " + table
                        + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (" + when + ") "
                        + "EXECUTE FUNCTION fail_at_commit()");
            }
            return null;
        }));
    }

    @StoreTest
    void externalIdWritesAnnounceTheTokenOnlyOnCommit(TestDatabase db) throws Exception {
        Ears ears = listenOnAnotherNode(db);
        JdbcVisitorStore visitors = new JdbcVisitorStore(db.database(), Clock.systemUTC());
        JdbcExternalIdStore ids = new JdbcExternalIdStore(db.database(), visitors, Clock.systemUTC());
        String a = await(visitors.register(RegistrationRequest.ofToken("tok-a"), Durability.SYNCED)).visitor().id();
        String b = await(visitors.register(RegistrationRequest.ofToken("tok-b"), Durability.SYNCED)).visitor().id();
        catchUp(db, ears, "marker-1");
        ears.tokens().clear();

        await(ids.attach(a, new ExternalId("wa", "e-1", Map.of("n", 1))));
        assertThrows(ExternalIdTakenException.class, () -> await(ids.attach(b, new ExternalId("wa", "e-1", null))));
        catchUp(db, ears, "marker-2");
        if (!db.isPostgres()) {
            return;
        }
        assertTrue(ears.tokens().contains("tok-a"), "attach: " + ears.tokens());
        assertFalse(ears.tokens().contains("tok-b"), "refused, yet announced: " + ears.tokens());

        ears.tokens().clear();
        await(ids.detach(a, "wa", "e-1"));
        catchUp(db, ears, "marker-3");
        assertTrue(ears.tokens().contains("tok-a"), "detach: " + ears.tokens());

        ears.tokens().clear();
        failAtCommit(db, "external_ids", "NEW.entity_id = 'doomed'");
        assertThrows(Exception.class, () -> await(ids.attach(b, new ExternalId("wa", "doomed", null))));
        assertTrue(await(ids.findVisitor("wa", "doomed")).isEmpty(), "rolled back");
        catchUp(db, ears, "marker-4");
        assertFalse(ears.tokens().contains("tok-b"), "rolled back, yet announced: " + ears.tokens());
    }

    @StoreTest
    void customFieldValueUpdatesAnnounceTheTokenOnlyOnCommit(TestDatabase db) throws Exception {
        Ears ears = listenOnAnotherNode(db);
        JdbcVisitorStore visitors = new JdbcVisitorStore(db.database(), Clock.systemUTC());
        JdbcCustomFieldStore fields = new JdbcCustomFieldStore(db.database(), Clock.systemUTC());
        await(visitors.register(RegistrationRequest.ofToken("tok-c"), Durability.SYNCED));
        await(visitors.register(RegistrationRequest.ofToken("tok-doomed"), Durability.SYNCED));
        catchUp(db, ears, "marker-1");
        ears.tokens().clear();

        await(fields.updateLivechatData("tok-c", data -> Map.of("plan", "gold")));
        catchUp(db, ears, "marker-2");
        if (!db.isPostgres()) {
            return;
        }
        assertTrue(ears.tokens().contains("tok-c"), ears.tokens().toString());

        ears.tokens().clear();
        failAtCommit(db, "visitors", "NEW.token = 'tok-doomed'");
        assertThrows(Exception.class, () -> await(fields.updateLivechatData("tok-doomed",
                data -> Map.of("plan", "lost"))));
        assertTrue(await(visitors.findByToken("tok-doomed")).orElseThrow().livechatData().isEmpty(), "rolled back");
        catchUp(db, ears, "marker-3");
        assertFalse(ears.tokens().contains("tok-doomed"), "rolled back, yet announced: " + ears.tokens());
    }

    @StoreTest
    void appStatusAndSettingsAnnounceTheAppOnlyOnCommit(TestDatabase db) throws Exception {
        Ears ears = listenOnAnotherNode(db);
        AppConfigStore apps = new AppConfigStore(db.database(), Clock.systemUTC(), SecretBox.random());

        await(apps.setOperatorStatus("app-status", "manually_disabled"));
        await(apps.updateSettings("app-settings", Map.of("token", "x")));
        Map<String, String> clear = new HashMap<>();
        clear.put("token", null);
        await(apps.updateSettings("app-cleared", clear));
        catchUp(db, ears, "marker-1");
        if (!db.isPostgres()) {
            return;
        }
        assertTrue(ears.apps().containsAll(List.of("app-status", "app-settings", "app-cleared")),
                ears.apps().toString());

        failAtCommit(db, "app_status", "NEW.app_id = 'app-doomed'");
        failAtCommit(db, "app_settings", "NEW.app_id = 'app-doomed'");
        assertThrows(Exception.class, () -> await(apps.setOperatorStatus("app-doomed", "manually_enabled")));
        assertThrows(Exception.class, () -> await(apps.updateSettings("app-doomed", Map.of("token", "y"))));
        assertTrue(await(apps.operatorStatus("app-doomed")).isEmpty(), "rolled back");
        catchUp(db, ears, "marker-2");
        assertFalse(ears.apps().contains("app-doomed"), "rolled back, yet announced: " + ears.apps());
    }
}
