package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.core.store.JdbcVisitorSearch.Sort;
import dev.switchboard.core.store.JdbcVisitorSearch.SortKey;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import dev.switchboard.core.visitor.CustomFieldDefinition;
import dev.switchboard.core.visitor.CustomFieldValue;
import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.RegistrationRequest;
import dev.switchboard.core.visitor.Visitor;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Agents' visitor search ({@link JdbcVisitorSearch}) on SQLite and PostgreSQL. */
class VisitorSearchStoreTest {
    private static final List<Sort> BY_NAME = List.of(new Sort(SortKey.NAME, true));
    /** Registration order: every visitor got username guest-N, N counting up (below 10 here). */
    private static final List<Sort> BY_USERNAME = List.of(new Sort(SortKey.USERNAME, true));

    /** Ann (email, phone, searchable plan), Bob (room-scoped and non-searchable fields), a guest, an erased one. */
    private static JdbcVisitorSearch seed(TestDatabase db) throws Exception {
        Database database = db.database();
        JdbcCustomFieldStore fields = new JdbcCustomFieldStore(database, Clock.systemUTC());
        await(fields.save(null, CustomFieldStoreTest.field("plan", CustomFieldDefinition.SCOPE_VISITOR, true)));
        await(fields.save(null, CustomFieldStoreTest.field("secret", CustomFieldDefinition.SCOPE_VISITOR, false)));
        await(fields.save(null, CustomFieldStoreTest.field("topic", CustomFieldDefinition.SCOPE_ROOM, true)));
        JdbcVisitorStore visitors = new JdbcVisitorStore(database, Clock.systemUTC());
        await(visitors.register(new RegistrationRequest("t-ann", "Ann Example", "ann@example.com", "+1 (555) 0100",
                null, null, List.of(new CustomFieldValue("plan", "Gold_100% Plan", true))), Durability.SYNCED));
        await(visitors.register(new RegistrationRequest("t-bob", "Bob Builder", "bob@example.com", null, null, null,
                List.of(new CustomFieldValue("secret", "goldfinger", true))), Durability.SYNCED));
        await(visitors.register(RegistrationRequest.ofToken("t-guest"), Durability.SYNCED));
        await(visitors.register(new RegistrationRequest("t-gone", "Ann Gone", "gone@example.com", "+1 555 0999",
                null, null, List.of()), Durability.SYNCED));
        await(visitors.eraseByToken("t-gone"));
        String bob = await(visitors.findByToken("t-bob")).orElseThrow().id();
        new JdbcExternalIdStore(database, visitors, Clock.systemUTC())
                .attach(bob, new ExternalId("wa", "BR.123", Map.of())).get();
        return new JdbcVisitorSearch(database);
    }

    private static List<String> tokens(Page<Visitor> page) {
        return page.items().stream().map(Visitor::token).toList();
    }

    private static List<String> names(Page<Visitor> page) {
        return page.items().stream().map(Visitor::name).toList();
    }

    private static Page<Visitor> exact(JdbcVisitorSearch search, String term, List<Sort> sort, int offset, int count)
            throws Exception {
        return await(search.search(term, sort, offset, count, JdbcVisitorSearch.EXACT));
    }

    private static List<String> search(JdbcVisitorSearch search, String term) throws Exception {
        return names(exact(search, term, BY_NAME, 0, 50));
    }

    @StoreTest
    void matchesEachSearchKey(TestDatabase db) throws Exception {
        assertMatchesEachSearchKey(seed(db));
    }

    /**
     * On SQLite, names are matched through visitor_names once VisitorNameIndex has indexed them (LIKE before): the
     * same matches either way, a renamed or erased visitor is found by its new name only, a new one at once.
     */
    @StoreTest
    void theSameMatchesOnceNamesAreIndexed(TestDatabase db) throws Exception {
        JdbcVisitorSearch search = seed(db);
        indexAll(db.database());
        assertMatchesEachSearchKey(search);
        JdbcVisitorStore visitors = new JdbcVisitorStore(db.database(), Clock.systemUTC());
        await(visitors.register(new RegistrationRequest("t-bob", "Robert Builder", "bob@example.com", null, null,
                null, List.of()), Durability.SYNCED));
        assertEquals(List.of("Robert Builder"), search(search, "robert"));
        assertEquals(List.of(), search(search, "bob b"), "the old name left the index");
        await(visitors.eraseByToken("t-ann"));
        assertEquals(List.of(), search(search, "ann ex"));
        await(visitors.register(new RegistrationRequest("t-cy", "Cyrus Newcomer", null, null, null, null,
                List.of()), Durability.SYNCED));
        assertEquals(List.of("Cyrus Newcomer"), search(search, "newcom"), "not indexed yet: found by a scan");
        indexAll(db.database());
        assertEquals(List.of("Cyrus Newcomer"), search(search, "NEWCOM"), "indexed now");
        Page<Visitor> page = exact(search, "builder", BY_NAME, 0, 1);
        assertEquals(1, page.total());
        assertEquals(0, exact(search, "ann", BY_NAME, 0, 10).total(), "erased visitors are not counted");
        await(visitors.register(new RegistrationRequest("t-dana", "Dana Builder", null, null, null, null,
                List.of()), Durability.SYNCED));
        for (JdbcVisitorSearch plan : bothPlans(db)) {
            Page<Visitor> builders = exact(plan, "builder", BY_NAME, 0, 10);
            assertEquals(List.of("Dana Builder", "Robert Builder"), names(builders), "the tail and the index");
            assertEquals(2, builders.total());
            assertEquals(3, exact(plan, "er", BY_NAME, 0, 10).total(), "Robert, Cyrus Newcomer and Dana");
        }
    }

    /** The search as the host builds it, and one that always walks the sort's order (no match is "few"). */
    private static List<JdbcVisitorSearch> bothPlans(TestDatabase db) {
        return List.of(new JdbcVisitorSearch(db.database()), new JdbcVisitorSearch(db.database(), 0));
    }

    /** {@link #seed}, and Goldie Hawn, who matches "gold" by name and by her plan; answers the visitor store. */
    private static JdbcVisitorStore seedWithGoldie(TestDatabase db) throws Exception {
        seed(db);
        JdbcVisitorStore visitors = new JdbcVisitorStore(db.database(), Clock.systemUTC());
        await(visitors.register(new RegistrationRequest("t-goldie", "Goldie Hawn", null, null, null, null,
                List.of(new CustomFieldValue("plan", "gold rush", true))), Durability.SYNCED));
        return visitors;
    }

    /**
     * Ann (by her plan), Goldie (by name and by plan: counted once) and a guest without a name (by plan only);
     * the same pages and exact totals whichever way the page is read, indexed or not, for terms of 1, 2 and 3+
     * characters.
     */
    @StoreTest
    void totalsAreExactAndBothPlansAgree(TestDatabase db) throws Exception {
        JdbcVisitorStore visitors = seedWithGoldie(db);
        await(visitors.register(new RegistrationRequest("t-anon", null, null, null, null, null,
                List.of(new CustomFieldValue("plan", "Goldmine", true))), Durability.SYNCED));
        await(visitors.register(new RegistrationRequest("t-emile", "Émile ZOLA", null, null, null, null,
                List.of()), Durability.SYNCED));
        java.util.Set<Long> accented = new java.util.HashSet<>();
        for (boolean indexed : List.of(false, true)) {
            if (indexed) {
                indexAll(db.database());
            }
            for (JdbcVisitorSearch plan : bothPlans(db)) {
                Page<Visitor> gold = exact(plan, "gold", BY_USERNAME, 0, 10);
                assertEquals(3, gold.total(), "a visitor matching by name and by plan counts once");
                assertEquals(false, gold.capped());
                assertEquals(List.of("t-ann", "t-goldie", "t-anon"), tokens(gold));
                assertEquals(List.of("t-goldie", "t-anon"), tokens(exact(plan, "gold", BY_USERNAME, 1, 10)));
                assertEquals(1, exact(plan, "an", BY_NAME, 0, 10).total(), "Ann Example, by name and by plan");
                Page<Visitor> oneCharacter = exact(plan, "B", BY_NAME, 0, 1);
                assertEquals(List.of("Bob Builder"), names(oneCharacter));
                assertEquals(1, oneCharacter.total());
                assertEquals(6, exact(plan, "guest", BY_NAME, 0, 1).total(), "every live visitor's username");
                assertEquals(List.of("Émile ZOLA"), names(exact(plan, "zola", BY_NAME, 0, 10)));
                accented.add(exact(plan, "émile", BY_NAME, 0, 10).total());
                assertEquals(1, exact(plan, "ann@example.com", BY_NAME, 0, 10).total());
                assertEquals(1, exact(plan, "BR.123", BY_NAME, 0, 10).total());
                assertEquals(0, exact(plan, "zz", BY_NAME, 0, 10).total());
                assertEquals(6, exact(plan, "", BY_NAME, 0, 10).total());
            }
        }
        // Whether É folds to é is the database's (SQLite's lower() and LIKE fold ASCII only), but every way of
        // matching agrees: the trigram index, LIKE on the row and the count.
        assertEquals(1, accented.size(), accented.toString());
    }

    /** With {@code totalUpTo}, the count stops there and says so; the page is the same as without. */
    @StoreTest
    void aBoundCapsTheTotal(TestDatabase db) throws Exception {
        seedWithGoldie(db);
        for (boolean indexed : List.of(false, true)) {
            if (indexed) {
                indexAll(db.database());
            }
            for (JdbcVisitorSearch plan : bothPlans(db)) {
                Page<Visitor> capped = await(plan.search("l", BY_NAME, 0, 10, 2));
                assertEquals(List.of("Ann Example", "Bob Builder", "Goldie Hawn"), names(capped),
                        "the page is not bounded");
                assertEquals(2, capped.total());
                assertEquals(true, capped.capped(), "more than 2 match");
                Page<Visitor> exactAtTheBound = await(plan.search("l", BY_NAME, 0, 10, 3));
                assertEquals(3, exactAtTheBound.total());
                assertEquals(false, exactAtTheBound.capped());
                Page<Visitor> deep = await(plan.search("guest", BY_NAME, 3, 10, 1));
                assertEquals(1, deep.items().size(), "a page past the bound");
                assertEquals(true, deep.capped());
                Page<Visitor> gold = await(plan.search("GOLD", BY_NAME, 0, 1, 1));
                assertEquals(List.of("Ann Example"), names(gold));
                assertEquals(true, gold.capped(), "Ann by her plan, Goldie by name");
                assertEquals(false, await(plan.search("", BY_NAME, 0, 1, 4)).capped());
                assertEquals(true, await(plan.search("", BY_NAME, 0, 1, 3)).capped());
            }
        }
    }

    /** Indexes every visitor's name on SQLite (PostgreSQL's GIN indexes need nothing). */
    private static void indexAll(Database database) throws Exception {
        if (database.dialect() instanceof SqliteDialect) {
            while (await(database.transactions().submit(VisitorNameIndex::indexSlice))) {
                continue;
            }
            assertEquals(false, await(database.read(VisitorNameIndex::behind)));
        }
    }

    private static void assertMatchesEachSearchKey(JdbcVisitorSearch search) throws Exception {
        assertEquals(List.of("Ann Example"), search(search, "ann"), "name substring, case-insensitive");
        assertEquals(List.of("Ann Example"), search(search, "  ANN@Example.com "), "exact normalised email");
        assertEquals(List.of(), search(search, "example.co"), "email is not a substring match");
        assertEquals(List.of("Ann Example"), search(search, "1-555-0100"), "phone by digits");
        assertEquals(List.of(), search(search, "555"), "phones match whole numbers only");
        assertEquals(List.of("Bob Builder"), search(search, "BR.123"), "an exact external entity id");
        assertEquals(List.of(), search(search, "BR.12"));
        assertEquals(List.of("Ann Example"), search(search, "gold_100"), "a searchable visitor custom field");
        assertEquals(List.of("Ann Example"), search(search, "GOLD"));
        assertEquals(List.of(), search(search, "finger"), "non-searchable fields are not matched");
        assertEquals(java.util.Set.of("t-ann", "t-bob", "t-guest"), java.util.Set.copyOf(
                exact(search, "GUEST-", BY_NAME, 0, 50).items().stream().map(Visitor::token).toList()),
                "username substring (everyone without a username got guest-N)");
        assertEquals(List.of(new ExternalId("wa", "BR.123", Map.of())),
                exact(search, "BR.123", BY_NAME, 0, 1).items().get(0).externalIds(), "with its ids");
    }

    @StoreTest
    void likeWildcardsInTermsAreLiteral(TestDatabase db) throws Exception {
        JdbcVisitorSearch search = seed(db);
        assertEquals(List.of("Ann Example"), search(search, "100%"));
        assertEquals(List.of("Ann Example"), search(search, "_"), "only Ann's plan holds a literal '_'");
        assertEquals(List.of(), search(search, "%%"));
        assertEquals(List.of(), search(search, "__"));
        assertEquals(List.of(), search(search, "b_b"), "not 'Bob'");
        assertEquals(List.of(), search(search, "a%e"));
        assertEquals(List.of(), search(search, "\\"));
        assertEquals(List.of(), search(search, "' OR 1=1 --"));
    }

    @StoreTest
    void pagesCarryTheTotalAndSortIsStable(TestDatabase db) throws Exception {
        JdbcVisitorSearch search = seed(db);
        Page<Visitor> everyone = exact(search, "", List.of(new Sort(SortKey.USERNAME, false)), 0, 50);
        assertEquals(3, everyone.total(), "erased visitors are never found");
        Page<Visitor> second = exact(search, "", BY_NAME, 1, 1);
        assertEquals(3, second.total());
        assertEquals(1, second.items().size());
        Page<Visitor> past = exact(search, "", BY_NAME, 5, 10);
        assertEquals(3, past.total());
        assertEquals(List.of(), past.items());
        Page<Visitor> named = exact(search, "b", List.of(new Sort(SortKey.NAME, false)), 0, 10);
        assertEquals(List.of("Bob Builder"), names(named));
        Page<Visitor> descending = exact(search, "l", List.of(new Sort(SortKey.NAME, false)), 0, 10);
        assertEquals(List.of("Bob Builder", "Ann Example"), names(descending));
    }

    @StoreTest
    void autocompleteIsANamePrefix(TestDatabase db) throws Exception {
        JdbcVisitorSearch search = seed(db);
        assertEquals(List.of("Ann Example"), await(search.autocomplete("aN", List.of(), 10)).stream()
                .map(JdbcVisitorSearch.Item::name).toList());
        assertEquals(List.of(), await(search.autocomplete("example", List.of(), 10)), "prefix only");
        assertEquals(List.of(), await(search.autocomplete("%", List.of(), 10)));
        String ann = await(search.autocomplete("ann", List.of(), 10)).get(0).id();
        assertEquals(List.of(), await(search.autocomplete("a", List.of(ann), 10)));
        assertEquals(2, await(search.autocomplete("", List.of(), 10)).size(), "named live visitors");
        assertEquals(1, await(search.autocomplete("", List.of(), 1)).size());
    }
}
