package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static dev.switchboard.core.store.StoreTests.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.store.ExternalIdStore.Attached;
import dev.switchboard.core.store.ExternalIdStore.Resolved;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.ExternalIdTakenException;
import dev.switchboard.core.visitor.RegistrationRequest;
import dev.switchboard.core.visitor.UnknownVisitorException;
import dev.switchboard.core.visitor.Visitor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** External ids ({@link JdbcExternalIdStore}) on SQLite and PostgreSQL. */
class ExternalIdStoreTest {
    private static final String APP = "whatsapp-bridge";

    private static JdbcVisitorStore visitors(Database database) {
        return new JdbcVisitorStore(database, Clock.systemUTC());
    }

    private static JdbcExternalIdStore store(Database database) {
        return new JdbcExternalIdStore(database, visitors(database), Clock.systemUTC());
    }

    private static ExternalId id(String entityId) {
        return new ExternalId(APP, entityId, Map.of());
    }

    private static String register(Database database, String token, String email, String phone) throws Exception {
        return await(visitors(database).register(new RegistrationRequest(token, null, email, phone, null, null,
                List.of()), Durability.SYNCED)).visitor().id();
    }

    @StoreTest
    void findsTheLiveVisitorHoldingAnId(TestDatabase db) throws Exception {
        JdbcExternalIdStore store = store(db.database());
        String visitor = register(db.database(), "tok-f", null, null);
        await(store.attach(visitor, id("bsuid-1")));

        Visitor found = await(store.findVisitor(APP, "bsuid-1")).orElseThrow();
        assertEquals(visitor, found.id());
        assertEquals(List.of("bsuid-1"), found.externalIds().stream().map(ExternalId::entityId).toList());
        assertTrue(await(store.findVisitor("other-app", "bsuid-1")).isEmpty(), "ids are per app");
        assertTrue(await(store.findVisitor(APP, "bsuid-2")).isEmpty());

        await(visitors(db.database()).eraseById(visitor));
        assertTrue(await(store.findVisitor(APP, "bsuid-1")).isEmpty(), "erased visitors hold nothing");
    }

    @StoreTest
    void findVisitorsAnswersEachHeldIdInTheAskedOrderInOneRead(TestDatabase db) throws Exception {
        JdbcExternalIdStore store = store(db.database());
        String both = register(db.database(), "tok-m1", null, null);
        String one = register(db.database(), "tok-m2", null, null);
        String gone = register(db.database(), "tok-m3", null, null);
        await(store.attach(both, id("bsuid-a")));
        await(store.attach(both, id("parent-a")));
        await(store.attach(one, id("bsuid-b")));
        await(store.attach(one, new ExternalId("other-app", "bsuid-x", Map.of())));
        await(store.attach(gone, id("bsuid-g")));
        await(visitors(db.database()).eraseById(gone));

        Map<String, Visitor> found = await(store.findVisitors(APP, List.of("bsuid-b", "nobody", "parent-a", "bsuid-x",
                "bsuid-g", "bsuid-a", "bsuid-b")));
        assertEquals(List.of("bsuid-b", "parent-a", "bsuid-a"), List.copyOf(found.keySet()),
                "held ids in the asked order, once; not another app's, nor an erased visitor's");
        assertEquals(both, found.get("parent-a").id());
        assertEquals(both, found.get("bsuid-a").id());
        assertEquals(one, found.get("bsuid-b").id());
        assertEquals(List.of("bsuid-a", "parent-a"), found.get("bsuid-a").externalIds().stream()
                .map(ExternalId::entityId).toList(), "with every external id of the visitor");
        assertEquals(2, found.get("bsuid-b").externalIds().size(), "its ids of other apps too, as findVisitor");
        assertTrue(await(store.findVisitors(APP, List.of())).isEmpty());
    }

    @StoreTest
    void resolveTakesTheEntityIdFirstAsIs(TestDatabase db) throws Exception {
        JdbcExternalIdStore store = store(db.database());
        String holder = register(db.database(), "tok-holder", null, null);
        String byPhone = register(db.database(), "tok-phone", "p@example.com", "+49 30 555");
        await(store.attach(holder, new ExternalId(APP, "e-1", Map.of("v", 1))));

        Visitor resolved = await(store.resolve(new ExternalId(APP, "e-1", Map.of("v", 2)), "4930555",
                "p@example.com")).orElseThrow();
        assertEquals(holder, resolved.id());
        assertEquals(Map.of("v", 1), resolved.externalIds().get(0).metadata(), "resolving never rewrites metadata");
        assertEquals("0", scalar(db.database(), "SELECT COUNT(*) FROM external_ids WHERE visitor_id = ?", byPhone));
    }

    @StoreTest
    void resolveFallsBackToPhoneDigitsThenEmailAndAttaches(TestDatabase db) throws Exception {
        JdbcExternalIdStore store = store(db.database());
        String phoneVisitor = register(db.database(), "tok-p", "both@example.com", "+1 (555) 0199");
        String emailVisitor = register(db.database(), "tok-e", "mail@example.com", null);

        Visitor byPhone = await(store.resolve(new ExternalId(APP, "e-phone", Map.of("src", "phone")),
                "15550199", "mail@example.com")).orElseThrow();
        assertEquals(phoneVisitor, byPhone.id(), "phone wins over email");
        assertEquals(List.of(new ExternalId(APP, "e-phone", Map.of("src", "phone"))), byPhone.externalIds());
        assertEquals(phoneVisitor, await(store.findVisitor(APP, "e-phone")).orElseThrow().id(), "attached");

        Visitor byEmail = await(store.resolve(id("e-mail"), "999", "mail@example.com")).orElseThrow();
        assertEquals(emailVisitor, byEmail.id());
        assertEquals(emailVisitor, await(store.findVisitor(APP, "e-mail")).orElseThrow().id());

        assertTrue(await(store.resolve(id("e-none"), "123", "nobody@example.com")).isEmpty());
        assertTrue(await(store.resolve(id("e-none"), null, null)).isEmpty());
        assertTrue(await(store.findVisitor(APP, "e-none")).isEmpty(), "resolve never creates");
        assertEquals("2", scalar(db.database(), "SELECT COUNT(*) FROM visitors"));
    }

    @StoreTest
    void resolveOrCreateCreatesOnceThenResolves(TestDatabase db) throws Exception {
        JdbcExternalIdStore store = store(db.database());
        Resolved first = await(store.resolveOrCreate(id("new-1"), null, null, RegistrationRequest.ofToken("t-1")));
        Resolved second = await(store.resolveOrCreate(id("new-1"), null, null, RegistrationRequest.ofToken("t-2")));

        assertTrue(first.created());
        assertFalse(second.created());
        assertEquals(first.visitor().id(), second.visitor().id());
        assertEquals("t-1", second.visitor().token());
        assertEquals(List.of(id("new-1")), first.visitor().externalIds());
        assertTrue(await(visitors(db.database()).findByToken("t-2")).isEmpty());
        assertEquals("1", scalar(db.database(), "SELECT COUNT(*) FROM visitors"));
    }

    @StoreTest
    void concurrentResolveOrCreateForOneNewIdMakesOneVisitor(TestDatabase db) throws Exception {
        JdbcExternalIdStore store = store(db.database());
        List<CompletableFuture<Resolved>> calls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            calls.add(store.resolveOrCreate(id("burst"), null, null, RegistrationRequest.ofToken("burst-" + i)));
        }
        assertOneVisitor(db, calls, "burst");
    }

    /** Issue 6: one visitor per BSUID under concurrent writes to different nodes. */
    @StoreTest
    void concurrentResolveOrCreateAcrossTwoNodesMakesOneVisitorPerBsuid(TestDatabase db) throws Exception {
        List<JdbcExternalIdStore> nodes = List.of(store(db.database()), store(db.anotherNode()));
        for (int round = 0; round < 5; round++) {
            String bsuid = "BR.bsuid-" + round;
            List<CompletableFuture<Resolved>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(nodes.get(i % 2).resolveOrCreate(id(bsuid), null, null,
                        RegistrationRequest.ofToken("wa-" + round + "-" + i)));
            }
            assertOneVisitor(db, calls, bsuid);
        }
        assertEquals("5", scalar(db.database(), "SELECT COUNT(*) FROM visitors"));
    }

    /** Same, when every racer also carries the same phone number (the contact-book case). */
    @StoreTest
    void concurrentResolveOrCreateWithOnePhoneAcrossTwoNodesMakesOneVisitor(TestDatabase db) throws Exception {
        List<JdbcExternalIdStore> nodes = List.of(store(db.database()), store(db.anotherNode()));
        List<CompletableFuture<Resolved>> calls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            calls.add(nodes.get(i % 2).resolveOrCreate(id("bsuid-p"), "4915550001", null,
                    new RegistrationRequest("wap-" + i, null, null, "+49 1555 0001", null, null, List.of())));
        }
        assertOneVisitor(db, calls, "bsuid-p");
        assertEquals("1", scalar(db.database(), "SELECT COUNT(*) FROM visitors"));
    }

    private static void assertOneVisitor(TestDatabase db, List<CompletableFuture<Resolved>> calls, String entityId)
            throws Exception {
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (CompletableFuture<Resolved> call : calls) {
            Resolved resolved = await(call);
            ids.add(resolved.visitor().id());
            created += resolved.created() ? 1 : 0;
        }
        assertEquals(1, ids.size(), entityId + " resolved to " + ids);
        assertEquals(1, created, "exactly one call created the visitor");
        assertEquals(ids.iterator().next(), await(store(db.database()).findVisitor(APP, entityId)).orElseThrow().id());
        assertEquals("1", scalar(db.database(), "SELECT COUNT(*) FROM visitors v WHERE EXISTS "
                + "(SELECT 1 FROM external_ids x WHERE x.visitor_id = v.id AND x.entity_id = ?)", entityId));
    }

    @StoreTest
    void attachUpdatesMetadataForTheSameVisitorAndRefusesAnother(TestDatabase db) throws Exception {
        JdbcExternalIdStore store = store(db.database());
        String a = register(db.database(), "tok-a", null, null);
        String b = register(db.database(), "tok-b", null, null);

        await(store.attach(a, new ExternalId(APP, "e", Map.of("name", "Ann"))));
        Visitor updated = await(store.attach(a, new ExternalId(APP, "e", Map.of("name", "Ann B", "n", 2))));
        assertEquals(List.of(new ExternalId(APP, "e", Map.of("name", "Ann B", "n", 2))), updated.externalIds());

        ExternalIdTakenException taken = assertThrows(ExternalIdTakenException.class,
                () -> await(store.attach(b, new ExternalId(APP, "e", Map.of("name", "Bob")))));
        assertEquals(a, taken.holderId());
        assertEquals("e", taken.entityId());
        assertEquals(Map.of("name", "Ann B", "n", 2),
                await(store.findVisitor(APP, "e")).orElseThrow().externalIds().get(0).metadata(), "untouched");
        // Another app's id with the same entity id is a different id.
        await(store.attach(b, new ExternalId("other-app", "e", Map.of())));
        assertEquals(b, await(store.findVisitor("other-app", "e")).orElseThrow().id());
        assertEquals(a, await(store.findVisitor(APP, "e")).orElseThrow().id());

        assertThrows(UnknownVisitorException.class, () -> await(store.attach("no-such-visitor", id("x"))));
        await(visitors(db.database()).eraseById(b));
        assertThrows(UnknownVisitorException.class, () -> await(store.attach(b, id("x"))));
    }

    @StoreTest
    void attachAllSkipsAndReportsIdsOthersHold(TestDatabase db) throws Exception {
        JdbcExternalIdStore store = store(db.database());
        String a = register(db.database(), "tok-a", null, null);
        String b = register(db.database(), "tok-b", null, null);
        await(store.attach(b, id("held")));

        Attached attached = await(store.attachAll(a, List.of(id("one"), id("held"),
                new ExternalId(APP, "two", Map.of("k", "v")))));
        assertEquals(List.of(id("held")), attached.refused());
        assertEquals(Set.of("one", "two"), Set.copyOf(attached.visitor().externalIds().stream()
                .map(ExternalId::entityId).toList()));
        assertEquals(b, await(store.findVisitor(APP, "held")).orElseThrow().id());

        Attached again = await(store.attachAll(a, List.of(new ExternalId(APP, "one", Map.of("again", true)))));
        assertTrue(again.refused().isEmpty(), "its own ids are updated, not refused");
    }

    @StoreTest
    void detachRemovesOnlyThisVisitorsId(TestDatabase db) throws Exception {
        JdbcExternalIdStore store = store(db.database());
        String a = register(db.database(), "tok-a", null, null);
        String b = register(db.database(), "tok-b", null, null);
        await(store.attachAll(a, List.of(id("a1"), id("a2"))));
        await(store.attach(b, id("b1")));

        Visitor detached = await(store.detach(a, APP, "a1"));
        assertEquals(List.of(id("a2")), detached.externalIds());
        assertTrue(await(store.findVisitor(APP, "a1")).isEmpty());

        Visitor unchanged = await(store.detach(a, APP, "b1")); // b's id: nothing happens
        assertEquals(List.of(id("a2")), unchanged.externalIds());
        assertEquals(b, await(store.findVisitor(APP, "b1")).orElseThrow().id());
        assertEquals(List.of(id("a2")), await(store.detach(a, APP, "never-there")).externalIds());
        assertThrows(UnknownVisitorException.class, () -> await(store.detach("no-such-visitor", APP, "a2")));
    }

    @StoreTest
    void metadataRoundTripsAsJson(TestDatabase db) throws Exception {
        JdbcExternalIdStore store = store(db.database());
        String a = register(db.database(), "tok-m", null, null);
        Map<String, Object> metadata = Map.of(
                "name", "Zoë \"Z\" Ünïcode ☃",
                "count", 3,
                "verified", true,
                "nested", Map.of("wa_id", "4915550001", "list", List.of("x", "y")));
        await(store.attach(a, new ExternalId(APP, "m", metadata)));

        assertEquals(metadata, await(store.findVisitor(APP, "m")).orElseThrow().externalIds().get(0).metadata());
        Optional<Visitor> viaVisitorStore = await(visitors(db.database()).findById(a));
        assertEquals(metadata, viaVisitorStore.orElseThrow().externalIds().get(0).metadata());
        await(store.attach(a, id("empty")));
        assertEquals(Map.of(), await(store.findVisitor(APP, "empty")).orElseThrow().externalIds().stream()
                .filter(x -> x.entityId().equals("empty")).findFirst().orElseThrow().metadata());
        if (db.isPostgres()) {
            assertEquals("jsonb", scalar(db.database(),
                    "SELECT pg_typeof(metadata)::text FROM external_ids WHERE entity_id = 'm'"));
            assertEquals("4915550001", scalar(db.database(),
                    "SELECT metadata -> 'nested' ->> 'wa_id' FROM external_ids WHERE entity_id = 'm'"));
        }
    }
}
