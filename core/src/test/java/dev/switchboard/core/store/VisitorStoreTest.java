package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.VisitorStore.Erased;
import dev.switchboard.core.store.VisitorStore.Registered;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import dev.switchboard.core.visitor.CustomFieldValue;
import dev.switchboard.core.visitor.RegistrationPlanner.Match;
import dev.switchboard.core.visitor.RegistrationRequest;
import dev.switchboard.core.visitor.Visitor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The visitor store, the same tests on SQLite and PostgreSQL ({@link StoreTest}). */
class VisitorStoreTest {

    private static JdbcVisitorStore store(Database database) {
        return new JdbcVisitorStore(database, Clock.systemUTC());
    }

    private static RegistrationRequest request(String token, String name, String email, String phone) {
        return new RegistrationRequest(token, name, email, phone, null, null, List.of());
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @StoreTest
    void registersAGuestAndFindsItByTokenAndId(TestDatabase db) throws Exception {
        JdbcVisitorStore store = store(db.database());
        Registered first = await(store.register(request("tok-1", "Ann", "ann@example.com", "+1 (555) 0100"),
                Durability.SYNCED));
        Registered second = await(store.register(RegistrationRequest.ofToken("tok-2"), Durability.SYNCED));

        assertEquals(Match.NONE, first.match());
        assertTrue(first.visitor().username().startsWith("guest-"), first.visitor().username());
        assertNotEquals(first.visitor().username(), second.visitor().username());
        Visitor found = await(store.findByToken("tok-1")).orElseThrow();
        assertEquals("Ann", found.name());
        assertEquals("ann@example.com", found.email());
        assertEquals("+1 (555) 0100", found.phone());
        assertEquals(first.visitor().id(), found.id());
        assertEquals(found, await(store.findById(found.id())).orElseThrow());
        assertTrue(await(store.findByToken("nope")).isEmpty());
    }

    @StoreTest
    void keepsLivechatDataAsJson(TestDatabase db) throws Exception {
        insertCustomField(db.database(), "plan");
        insertCustomField(db.database(), "city");
        JdbcVisitorStore store = store(db.database());
        await(store.register(new RegistrationRequest("tok-j", null, null, null, null, null, List.of(
                new CustomFieldValue("plan", "gold \"quoted\" ünï", true),
                new CustomFieldValue("city", "Zürich", true))), Durability.SYNCED));

        Visitor visitor = await(store.findByToken("tok-j")).orElseThrow();
        assertEquals(Map.of("plan", "gold \"quoted\" ünï", "city", "Zürich"), visitor.livechatData());
        if (db.isPostgres()) {
            assertEquals("jsonb", scalar(db.database(),
                    "SELECT pg_typeof(livechat_data)::text FROM visitors WHERE token = 'tok-j'"));
            assertEquals("Zürich", scalar(db.database(),
                    "SELECT livechat_data ->> 'city' FROM visitors WHERE token = 'tok-j'"));
        }
    }

    @StoreTest
    void updatesByTokenAndByPhone(TestDatabase db) throws Exception {
        JdbcVisitorStore store = store(db.database());
        Registered created = await(store.register(request("tok-u", "Ann", null, "+49 30 1234"), Durability.SYNCED));
        Registered byToken = await(store.register(request("tok-u", "Annie", null, null), Durability.SYNCED));
        Registered byPhone = await(store.register(request("tok-other", "Ann P", null, "+4930-1234"),
                Durability.SYNCED));

        assertEquals(Match.TOKEN, byToken.match());
        assertEquals(Match.PHONE, byPhone.match());
        assertEquals(created.visitor().id(), byPhone.visitor().id());
        assertEquals("tok-u", byPhone.visitor().token()); // a phone match keeps the visitor's token
        assertEquals("Ann P", await(store.findByToken("tok-u")).orElseThrow().name());
        assertTrue(await(store.findByToken("tok-other")).isEmpty());
    }

    @StoreTest
    void anEmailMatchReplacesTheToken(TestDatabase db) throws Exception {
        JdbcVisitorStore store = store(db.database());
        Registered created = await(store.register(request("tok-old", "Ann", "ann@example.com", null),
                Durability.SYNCED));
        Registered replaced = await(store.register(request("tok-new", null, "ann@example.com", null),
                Durability.SYNCED));

        assertEquals(Match.EMAIL, replaced.match());
        assertEquals("tok-old", replaced.replacedToken());
        assertEquals(created.visitor().id(), replaced.visitor().id());
        assertTrue(await(store.findByToken("tok-old")).isEmpty());
        assertEquals("Ann", await(store.findByToken("tok-new")).orElseThrow().name());
    }

    @StoreTest
    void aPhoneHeldByAnotherVisitorIsStoredWithoutItsDigits(TestDatabase db) throws Exception {
        JdbcVisitorStore store = store(db.database());
        Registered owner = await(store.register(request("tok-a", null, null, "+1 555 0101"), Durability.SYNCED));
        await(store.register(request("tok-b", null, null, null), Durability.SYNCED));

        Registered b = await(store.register(request("tok-b", null, null, "15550101"), Durability.SYNCED));
        assertEquals(Match.TOKEN, b.match());
        assertEquals("15550101", b.visitor().phone());
        assertEquals(owner.visitor().id(), phoneOwner(db.database(), "15550101"), "the first owner keeps the digits");
        Registered again = await(store.register(request("tok-b", "B", null, null), Durability.SYNCED));
        assertEquals("15550101", again.visitor().phone(), "kept, still without the digits");
        assertEquals(owner.visitor().id(), phoneOwner(db.database(), "15550101"));
    }

    @StoreTest
    void tokenOnlyRegistrationsCannotTakeAVisitorOverByPhoneOrEmail(TestDatabase db) throws Exception {
        JdbcVisitorStore store = store(db.database());
        Registered victim = await(store.register(request("victim", "Vic", "vic@example.com", "+49 151 2345678"),
                Durability.SYNCED));
        Visitor before = await(store.findByToken("victim")).orElseThrow();
        Registered byPhone = await(store.register(request("thief-1", null, null, "491512345678").tokenOnly(),
                Durability.SYNCED));
        Registered byEmail = await(store.register(request("thief-2", null, "vic@example.com", null).tokenOnly(),
                Durability.SYNCED));

        for (Registered thief : List.of(byPhone, byEmail)) {
            assertEquals(Match.NONE, thief.match());
            assertNotEquals(victim.visitor().id(), thief.visitor().id());
            assertNull(thief.visitor().name());
            assertNull(thief.replacedToken());
        }
        assertEquals("491512345678", byPhone.visitor().phone());
        Visitor after = await(store.findByToken("victim")).orElseThrow();
        assertEquals(before, after, "the victim is unchanged");
        assertEquals(victim.visitor().id(), phoneOwner(db.database(), "491512345678"));
    }

    @StoreTest
    void appsStillMatchByPhoneAndEmail(TestDatabase db) throws Exception {
        JdbcVisitorStore store = store(db.database());
        Registered victim = await(store.register(request("owner", null, "o@example.com", "+49 151 2345679"),
                Durability.SYNCED));
        Registered byPhone = await(store.register(request("app-1", null, null, "491512345679"), Durability.SYNCED));
        assertEquals(Match.PHONE, byPhone.match());
        assertEquals(victim.visitor().id(), byPhone.visitor().id());
    }

    private static String phoneOwner(Database database, String digits) throws Exception {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT id FROM visitors WHERE phone_digits = ?")) {
                statement.setString(1, digits);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        }).get(30, TimeUnit.SECONDS);
    }

    @StoreTest
    void erasesByTokenAndById(TestDatabase db) throws Exception {
        JdbcVisitorStore store = store(db.database());
        Registered a = await(store.register(request("tok-e1", "Ann", "ann@example.com", "+1 555 0102"),
                Durability.SYNCED));
        Registered b = await(store.register(request("tok-e2", "Bob", null, null), Durability.SYNCED));
        insertExternalId(db.database(), "app", "entity-1", a.visitor().id());

        Erased erased = await(store.eraseByToken("tok-e1")).orElseThrow();
        assertEquals("tok-e1", erased.token());
        assertEquals(1, erased.externalIds().size());
        assertTrue(await(store.findByToken("tok-e1")).isEmpty());
        assertTrue(await(store.findById(a.visitor().id())).isEmpty());
        assertEquals("0", scalar(db.database(), "SELECT COUNT(*) FROM external_ids"));
        assertTrue(await(store.eraseByToken("tok-e1")).isEmpty());
        assertTrue(await(store.eraseById(b.visitor().id())).isPresent());

        // The token and the phone are free again.
        Registered again = await(store.register(request("tok-e1", null, null, "+1 555 0102"), Durability.SYNCED));
        assertEquals(Match.NONE, again.match());
        assertNotEquals(a.visitor().id(), again.visitor().id());
    }

    // ---- several nodes on one database: uniqueness comes from constraints and sequences ----

    @StoreTest
    void concurrentRegistrationsOnTwoNodesMakeOneVisitorPerTokenAndPhone(TestDatabase db) throws Exception {
        List<JdbcVisitorStore> nodes = List.of(store(db.database()), store(db.anotherNode()));
        int tokens = 20;
        int racers = 6;
        List<CompletableFuture<Registered>> byToken = new ArrayList<>();
        List<CompletableFuture<Registered>> byPhone = new ArrayList<>();
        for (int t = 0; t < tokens; t++) {
            for (int r = 0; r < racers; r++) {
                JdbcVisitorStore node = nodes.get(r % 2);
                byToken.add(node.register(request("race-" + t, "racer " + r, null, null), Durability.SYNCED));
                byPhone.add(node.register(request("phone-" + t + "-" + r, null, null, "+1 555 2" + t),
                        Durability.SYNCED));
            }
        }
        Map<String, Set<String>> idsPerToken = new java.util.HashMap<>();
        for (int i = 0; i < byToken.size(); i++) {
            Registered registered = await(byToken.get(i));
            idsPerToken.computeIfAbsent(registered.visitor().token(), k -> new HashSet<>())
                    .add(registered.visitor().id());
        }
        Map<String, Set<String>> idsPerPhone = new java.util.HashMap<>();
        for (CompletableFuture<Registered> future : byPhone) {
            Registered registered = await(future);
            idsPerPhone.computeIfAbsent(registered.visitor().phone().replaceAll("\\D", ""), k -> new HashSet<>())
                    .add(registered.visitor().id());
        }
        assertEquals(tokens, idsPerToken.size());
        idsPerToken.forEach((token, ids) -> assertEquals(1, ids.size(), token + " " + ids));
        assertEquals(tokens, idsPerPhone.size());
        idsPerPhone.forEach((phone, ids) -> assertEquals(1, ids.size(), phone + " " + ids));
        assertEquals(String.valueOf(tokens * 2), scalar(db.database(), "SELECT COUNT(*) FROM visitors"));
    }

    @StoreTest
    void guestNamesAreUniqueAcrossNodes(TestDatabase db) throws Exception {
        List<JdbcVisitorStore> nodes = List.of(store(db.database()), store(db.anotherNode()));
        List<CompletableFuture<Registered>> futures = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            futures.add(nodes.get(i % 2).register(RegistrationRequest.ofToken("guest-tok-" + i), Durability.SYNCED));
        }
        Set<String> names = new HashSet<>();
        for (CompletableFuture<Registered> future : futures) {
            assertTrue(names.add(await(future).visitor().username()), "duplicate guest name");
        }
        assertEquals(60, names.size());
    }

    @StoreTest
    void externalIdsAreUniquePerAppAndEntityAcrossNodes(TestDatabase db) throws Exception {
        JdbcVisitorStore store = store(db.database());
        String a = await(store.register(RegistrationRequest.ofToken("ext-a"), Durability.SYNCED)).visitor().id();
        String b = await(store.register(RegistrationRequest.ofToken("ext-b"), Durability.SYNCED)).visitor().id();
        List<Database> nodes = List.of(db.database(), db.anotherNode());
        List<CompletableFuture<Integer>> claims = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String visitor = i % 2 == 0 ? a : b;
            claims.add(nodes.get(i % 2).transactions().submit(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO external_ids (app_id, entity_id, visitor_id, metadata, created_at) "
                                + "VALUES ('wa', '4915', ?, " + db.database().dialect().jsonParameter()
                                + ", 1) ON CONFLICT DO NOTHING")) {
                    statement.setString(1, visitor);
                    statement.setString(2, "{\"bsuid\":\"x\"}");
                    return statement.executeUpdate();
                }
            }));
        }
        int inserted = 0;
        for (CompletableFuture<Integer> claim : claims) {
            inserted += await(claim);
        }
        assertEquals(1, inserted);
        // A plain INSERT of the same pair is a unique violation, classified as such by the dialect.
        CompletableFuture<Object> duplicate = db.database().transactions().submit(connection -> {
            insertExternalId(connection, "wa", "4915", a);
            return null;
        });
        ExecutionException failure = assertThrows(ExecutionException.class, () -> duplicate.get(30, TimeUnit.SECONDS));
        SQLException sql = (SQLException) failure.getCause();
        assertTrue(db.database().dialect().isUniqueViolation(sql), sql.toString());
    }

    // ---- cache invalidations between nodes ----

    @StoreTest
    void writesNotifyEveryNodeOnlyAfterCommit(TestDatabase db) throws Exception {
        Database nodeB = db.anotherNode();
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        nodeB.events().onTokenChanged(heard::add);
        List<String> apps = new java.util.concurrent.CopyOnWriteArrayList<>();
        nodeB.events().onAppChanged(apps::add);
        awaitListening(nodeB);

        JdbcVisitorStore store = store(db.database());
        await(store.register(request("n-old", null, "n@example.com", null), Durability.SYNCED));
        await(store.register(request("n-new", null, "n@example.com", null), Durability.SYNCED));
        await(store.eraseByToken("n-new"));
        // A write that fails after publishing rolls back: its notification must not arrive.
        CompletableFuture<Object> failed = db.database().transactions().submit(connection -> {
            db.database().events().tokensChanged(connection, "rolled-back");
            throw ApiError.meteor("error-test", "fail on purpose");
        });
        assertThrows(ExecutionException.class, () -> failed.get(30, TimeUnit.SECONDS));
        await(db.database().transactions().submit(connection -> {
            db.database().events().appChanged(connection, "whatsapp-bridge");
            return null;
        }));

        if (!db.isPostgres()) {
            Thread.sleep(300);
            assertTrue(heard.isEmpty() && apps.isEmpty(), "SQLite is one node: no cluster events");
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline && apps.isEmpty()) {
            Thread.sleep(10);
        }
        assertEquals(List.of("whatsapp-bridge"), apps);
        assertTrue(heard.containsAll(List.of("n-old", "n-new")), heard.toString());
        assertFalse(heard.contains("rolled-back"), heard.toString());
    }

    @StoreTest
    void theListenerResyncsWhenItReconnects(TestDatabase db) throws Exception {
        if (!db.isPostgres()) {
            assertTrue(db.database().listening());
            return;
        }
        Database nodeB = db.anotherNode();
        awaitListening(nodeB);
        java.util.concurrent.atomic.AtomicInteger resyncs = new java.util.concurrent.atomic.AtomicInteger();
        nodeB.events().onResync(resyncs::incrementAndGet);
        // Kill the listener's backend, as a failover would.
        await(db.database().read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            + "WHERE application_name = 'switchboard-listener' AND datname = current_database()")) {
                statement.executeQuery().close();
            }
            return null;
        }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && resyncs.get() == 0) {
            Thread.sleep(20);
        }
        assertTrue(resyncs.get() >= 1, "no resync after the listener reconnected");
        assertTrue(nodeB.listening());
    }

    // ---- helpers ----

    private static void awaitListening(Database node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!node.listening() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(node.listening(), "listener did not connect");
    }

    private static String scalar(Database database, String sql) throws Exception {
        return await(database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql);
                 ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }));
    }

    private static void insertCustomField(Database database, String id) throws Exception {
        await(database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO custom_fields (id, label, scope, visibility, updated_at) "
                            + "VALUES (?, ?, 'visitor', 'visible', 1)")) {
                statement.setString(1, id);
                statement.setString(2, id);
                return statement.executeUpdate();
            }
        }));
    }

    private static void insertExternalId(Database database, String app, String entity, String visitor)
            throws Exception {
        await(database.transactions().submit(connection -> {
            insertExternalId(connection, app, entity, visitor);
            return null;
        }));
    }

    private static void insertExternalId(Connection connection, String app, String entity, String visitor)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO external_ids (app_id, entity_id, visitor_id, created_at) VALUES (?, ?, ?, 1)")) {
            statement.setString(1, app);
            statement.setString(2, entity);
            statement.setString(3, visitor);
            statement.executeUpdate();
        }
    }

}
