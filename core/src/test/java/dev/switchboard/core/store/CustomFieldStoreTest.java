package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcCustomFieldStore.Lookup;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import dev.switchboard.core.visitor.CustomFieldDefinition;
import dev.switchboard.core.visitor.RegistrationRequest;
import dev.switchboard.core.visitor.Visitor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Custom field definitions and livechatData writes ({@link JdbcCustomFieldStore}) on SQLite and PostgreSQL. */
class CustomFieldStoreTest {

    static CustomFieldDefinition field(String id, String scope, boolean searchable) {
        return new CustomFieldDefinition(id, "Label " + id, scope, "visible", "input", "^[a-z]+$", false, searchable,
                null, null, false, null);
    }

    @StoreTest
    void definitionsAreCreatedFoundUpdatedAndDeleted(TestDatabase db) throws Exception {
        Instant saved = Instant.ofEpochMilli(1_700_000_000_000L);
        JdbcCustomFieldStore store = new JdbcCustomFieldStore(db.database(), Clock.fixed(saved, ZoneOffset.UTC));
        CustomFieldDefinition plan = new CustomFieldDefinition("plan", "Plan", "visitor", "hidden", "select", "",
                true, true, "free", "free,gold", true, saved);
        assertEquals(plan, await(store.save(null, plan.saved("plan", null))));
        assertEquals(plan, await(store.find("plan")).orElseThrow());
        assertTrue(await(store.find("nope")).isEmpty());

        ApiError exists = assertThrows(ApiError.class, () -> await(store.save(null, field("plan", "room", false))));
        assertTrue(exists.getMessage().contains("error-custom-field-already-exists"), exists.getMessage());

        CustomFieldDefinition changed = await(store.save("plan", field("ignored-id", "room", false)));
        assertEquals("plan", changed.id(), "an update keeps the id");
        assertEquals(new CustomFieldDefinition("plan", "Label ignored-id", "room", "visible", "input", "^[a-z]+$",
                false, false, null, null, false, saved), await(store.find("plan")).orElseThrow());
        ApiError missing = assertThrows(ApiError.class, () -> await(store.save("nope", field("nope", "room", false))));
        assertTrue(missing.getMessage().contains("error-invalid-custom-field"), missing.getMessage());

        assertTrue(await(store.delete("plan")));
        assertFalse(await(store.delete("plan")));
        assertTrue(await(store.find("plan")).isEmpty());
    }

    @StoreTest
    void listsByIdOrLabelWithPagingTotals(TestDatabase db) throws Exception {
        JdbcCustomFieldStore store = new JdbcCustomFieldStore(db.database(), Clock.systemUTC());
        for (String id : List.of("city", "plan", "plan_b", "zip")) {
            await(store.save(null, field(id, "visitor", false)));
        }
        Page<CustomFieldDefinition> all = await(store.list(null, 0, 10));
        assertEquals(4, all.total());
        assertEquals(List.of("city", "plan", "plan_b", "zip"), all.items().stream().map(CustomFieldDefinition::id)
                .toList());
        Page<CustomFieldDefinition> page = await(store.list("PLAN", 1, 1));
        assertEquals(2, page.total());
        assertEquals("plan_b", page.items().get(0).id());
        assertEquals(1, await(store.list("n_", 0, 10)).total(), "'_' is literal");
        assertEquals(4, await(store.list("label ", 0, 10)).total(), "labels match too");
    }

    @StoreTest
    void lookupSaysWhetherTheVisitorIsLiveAndWhichDefinitionsExist(TestDatabase db) throws Exception {
        JdbcCustomFieldStore store = new JdbcCustomFieldStore(db.database(), Clock.systemUTC());
        await(store.save(null, field("plan", "visitor", false)));
        JdbcVisitorStore visitors = new JdbcVisitorStore(db.database(), Clock.systemUTC());
        await(visitors.register(RegistrationRequest.ofToken("tok"), Durability.SYNCED));

        Lookup lookup = await(store.lookup("tok", List.of("plan", "nope")));
        assertTrue(lookup.visitorExists());
        assertEquals(List.of("plan"), List.copyOf(lookup.definitions().keySet()));
        assertFalse(await(store.lookup("other", List.of())).visitorExists());
        await(visitors.eraseByToken("tok"));
        assertFalse(await(store.lookup("tok", List.of("plan"))).visitorExists());
    }

    @StoreTest
    void updateLivechatDataRewritesTheJsonOfTheLiveVisitor(TestDatabase db) throws Exception {
        JdbcCustomFieldStore store = new JdbcCustomFieldStore(db.database(), Clock.systemUTC());
        JdbcVisitorStore visitors = new JdbcVisitorStore(db.database(), Clock.systemUTC());
        await(visitors.register(RegistrationRequest.ofToken("tok"), Durability.SYNCED));

        Optional<Visitor> updated = await(store.updateLivechatData("tok", data -> {
            Map<String, String> next = new LinkedHashMap<>(data);
            next.put("plan", "gold \"q\" ü");
            next.put("city", "Zürich");
            return next;
        }));
        assertTrue(updated.isPresent());
        assertEquals(Map.of("plan", "gold \"q\" ü", "city", "Zürich"), updated.get().livechatData(),
                "answers the visitor as written");
        assertEquals(Map.of("plan", "gold \"q\" ü", "city", "Zürich"),
                await(visitors.findByToken("tok")).orElseThrow().livechatData());

        await(store.updateLivechatData("tok", data -> {
            Map<String, String> next = new LinkedHashMap<>(data);
            next.remove("city");
            return next;
        }));
        assertEquals(Map.of("plan", "gold \"q\" ü"), await(visitors.findByToken("tok")).orElseThrow().livechatData());
        if (db.isPostgres()) {
            assertEquals("gold \"q\" ü", StoreTests.scalar(db.database(),
                    "SELECT livechat_data ->> 'plan' FROM visitors WHERE token = 'tok'"));
        }

        assertEquals(Optional.empty(), await(store.updateLivechatData("nope", data -> Map.of("a", "b"))));
        await(visitors.eraseByToken("tok"));
        assertEquals(Optional.empty(), await(store.updateLivechatData("tok", data -> Map.of("a", "b"))));
    }
}
