package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.department.AgentAssignment;
import dev.switchboard.core.department.Department;
import dev.switchboard.core.department.DepartmentAgent;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.testing.Sql;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Departments ({@link JdbcDepartmentStore}) on SQLite and PostgreSQL. */
class DepartmentStoreTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    private static Department department(String id, String name) {
        return new Department(id, name, true, "About " + name, false, true, id + "@example.com", null, null, null,
                null, null, Map.of(), 0, T0);
    }

    private static Department withFallback(Department department, String fallback) {
        return new Department(department.id(), department.name(), true, null, false, true, department.email(),
                null, null, fallback, null, null, Map.of(), 0, T0);
    }

    /** Users {@code u-1}, {@code u-2}, … named {@code usernames}. */
    private static Sql users(TestDatabase db, String... usernames) {
        Sql sql = new Sql(db.database());
        for (int i = 0; i < usernames.length; i++) {
            sql.user("u-" + (i + 1), usernames[i]);
        }
        return sql;
    }

    private static List<String> names(Page<Department> page) {
        return page.items().stream().map(Department::name).toList();
    }

    @StoreTest
    void createFindUpdateDelete(TestDatabase db) throws Exception {
        JdbcDepartmentStore store = new JdbcDepartmentStore(db.database());
        Department sales = department("d-1", "Sales");
        assertEquals(sales, await(store.create(sales, List.of())).department());
        assertEquals(sales, await(store.find("d-1")).orElseThrow());

        Department full = new Department("d-1", "Sales EU", false, null, true, false, "eu@example.com", true,
                List.of("won", "lost"), null, List.of("d-9"), true, Map.of("maxNumberSimultaneousChat", 3,
                        "offlineMessageChannelName", "general", "waitingQueueMessage", "wait"), 0, T0.plusSeconds(1));
        Department updated = await(store.update(full, List.of())).department();
        assertEquals("About Sales", updated.description(), "a field left out keeps its value, as $set does");
        assertEquals(List.of("won", "lost"), updated.chatClosingTags());
        assertEquals(updated, await(store.find("d-1")).orElseThrow());
        assertEquals(3, ((Number) updated.extraFields().get("maxNumberSimultaneousChat")).intValue());
        ApiError unknown = assertThrows(ApiError.class,
                () -> await(store.update(department("d-404", "Ghost"), List.of())));
        assertEquals("error-department-not-found", unknown.errorType());

        assertTrue(await(store.delete("d-1")));
        assertFalse(await(store.delete("d-1")));
        assertTrue(await(store.find("d-1")).isEmpty());
    }

    @StoreTest
    void agentsAreUpsertedCountedAndRemovedWithTheirDepartment(TestDatabase db) throws Exception {
        JdbcDepartmentStore store = new JdbcDepartmentStore(db.database());
        users(db, "alice", "bob");
        JdbcDepartmentStore.Saved saved = await(store.create(department("d-1", "Sales"), List.of(
                new AgentAssignment("u-1", 0, 2), new AgentAssignment("u-2", 1, 1),
                new AgentAssignment("no-such-user", 0, 0))));
        assertEquals(2, saved.department().numAgents(), "ids that name no user are skipped");
        assertEquals(List.of("bob", "alice"), saved.agents().stream().map(DepartmentAgent::username).toList());

        saved = await(store.update(department("d-1", "Sales"), List.of(new AgentAssignment("u-1", 5, 0))));
        assertEquals(2, saved.department().numAgents(), "an agent given again is updated, not added");
        assertEquals(5, saved.agents().get(0).count());
        assertEquals(2, await(store.find("d-1")).orElseThrow().numAgents());

        assertTrue(await(store.delete("d-1")));
        assertEquals(List.of(), await(store.agents("d-1")));
    }

    @StoreTest
    void fallbackMustExistAndNotBeItselfAndIsUnsetWhenItsDepartmentGoes(TestDatabase db) throws Exception {
        JdbcDepartmentStore store = new JdbcDepartmentStore(db.database());
        await(store.create(department("d-1", "Sales"), List.of()));
        ApiError missing = assertThrows(ApiError.class,
                () -> await(store.create(withFallback(department("d-2", "Support"), "d-404"), List.of())));
        assertEquals("error-fallback-department-not-found", missing.errorType());
        assertTrue(await(store.find("d-2")).isEmpty(), "a refused save writes nothing");
        await(store.create(withFallback(department("d-2", "Support"), "d-1"), List.of()));
        ApiError circular = assertThrows(ApiError.class,
                () -> await(store.update(withFallback(department("d-2", "Support"), "d-2"), List.of())));
        assertEquals("error-fallback-department-circular", circular.errorType());

        await(store.delete("d-1"));
        assertNull(await(store.find("d-2")).orElseThrow().fallbackForwardDepartment());
    }

    @StoreTest
    void aTakenNameIsTheStoresErrorOnCreateAndUpdate(TestDatabase db) throws Exception {
        JdbcDepartmentStore store = new JdbcDepartmentStore(db.database());
        await(store.create(department("d-1", "Sales"), List.of()));
        await(store.create(department("d-2", "Support"), List.of()));

        ApiError onCreate = assertThrows(ApiError.class,
                () -> await(store.create(department("d-3", "Sales"), List.of())));
        assertTrue(onCreate.getMessage().contains("error-duplicated-department-name"), onCreate.getMessage());
        ApiError onUpdate = assertThrows(ApiError.class,
                () -> await(store.update(department("d-2", "Sales"), List.of())));
        assertTrue(onUpdate.getMessage().contains("error-duplicated-department-name"), onUpdate.getMessage());

        assertTrue(await(store.find("d-3")).isEmpty());
        assertEquals("Support", await(store.find("d-2")).orElseThrow().name());
        await(store.create(department("d-4", "Billing"), List.of())); // the store keeps working after a refused write
    }

    @StoreTest
    void listsByNameWithEscapedFilterAndPagingTotals(TestDatabase db) throws Exception {
        JdbcDepartmentStore store = new JdbcDepartmentStore(db.database());
        for (String name : List.of("Support", "Sales", "Sales_100%", "Salesforce", "Billing")) {
            await(store.create(department("id-" + name, name), List.of()));
        }

        Page<Department> all = await(store.list(null, 0, 100));
        assertEquals(5, all.total());
        assertEquals(List.of("Billing", "Sales", "Sales_100%", "Salesforce", "Support"), names(all));

        Page<Department> sales = await(store.list("SALES", 1, 1));
        assertEquals(3, sales.total(), "the total ignores paging");
        assertEquals(List.of("Sales_100%"), names(sales));
        assertEquals(List.of("Sales_100%"), names(await(store.list("_100%", 0, 10))), "wildcards are literal");
        assertEquals(0, await(store.list("s%s", 0, 10)).total());
        assertEquals(0, await(store.list("\\", 0, 10)).total());
        assertEquals(List.of(), names(await(store.list("", 10, 10))));
        assertEquals(5, await(store.list("", 10, 10)).total());
    }

    @StoreTest
    void agentsAreRemovedThenUpsertedAndPagedByUsername(TestDatabase db) throws Exception {
        JdbcDepartmentStore store = new JdbcDepartmentStore(db.database());
        Sql sql = users(db, "carol", "alice", "bob");
        await(store.create(department("d-1", "Sales"), List.of(new AgentAssignment("u-1", 3, 0))));

        JdbcDepartmentStore.Saved saved = await(store.changeAgents("d-1", List.of("u-1", "u-9"), List.of(
                new AgentAssignment("u-2", 0, 1), new AgentAssignment("u-3", 4, 0),
                new AgentAssignment("u-1", 0, 0), new AgentAssignment("no-such-user", 0, 0))));
        assertEquals(3, saved.department().numAgents(), "removed first, then added again; unknown users skipped");
        assertEquals(0, saved.agents().stream().filter(a -> a.agentId().equals("u-1")).findFirst().orElseThrow()
                .count(), "a removed and re-added agent starts over");
        assertEquals(3, await(store.find("d-1")).orElseThrow().numAgents());

        Page<DepartmentAgent> page = await(store.agents("d-1", 1, 1));
        assertEquals(3, page.total());
        assertEquals(List.of("bob"), page.items().stream().map(DepartmentAgent::username).toList());
        assertEquals(List.of("alice", "bob", "carol"), await(store.agents("d-1", 0, 10)).items().stream()
                .map(DepartmentAgent::username).toList());

        saved = await(store.changeAgents("d-1", List.of("u-2", "u-3"), List.of()));
        assertEquals(1, saved.department().numAgents());
        assertEquals(0, await(store.agents("d-404", 0, 10)).total());
        ApiError unknown = assertThrows(ApiError.class,
                () -> await(store.changeAgents("d-404", List.of(), List.of(new AgentAssignment("u-2", 0, 0)))));
        assertEquals("error-department-not-found", unknown.errorType());
        assertEquals(0, sql.count("SELECT COUNT(*) FROM department_agents WHERE department_id = 'd-404'"),
                "a refused change writes nothing");
    }

    @StoreTest
    void departmentsAreFoundByIdsAndByNamePrefix(TestDatabase db) throws Exception {
        JdbcDepartmentStore store = new JdbcDepartmentStore(db.database());
        for (String name : List.of("Sales", "Sales_100%", "salesforce", "Presales")) {
            await(store.create(department("id-" + name, name), List.of()));
        }
        assertEquals(List.of("Presales", "Sales"), await(store.byIds(List.of("id-Sales", "id-Presales", "nope")))
                .stream().map(Department::name).toList());
        assertEquals(List.of("Sales", "Sales_100%", "salesforce"), await(store.byNamePrefix("SALES", List.of()))
                .stream().map(Department::name).toList(), "a prefix, case-insensitive");
        assertEquals(List.of("Sales_100%"), await(store.byNamePrefix("sales_1", List.of())).stream()
                .map(Department::name).toList(), "wildcards are literal");
        assertEquals(List.of("Sales"), await(store.byNamePrefix("sales", List.of("id-Sales_100%", "id-salesforce")))
                .stream().map(Department::name).toList());
        assertEquals(4, await(store.byNamePrefix("", List.of())).size());
    }
}
