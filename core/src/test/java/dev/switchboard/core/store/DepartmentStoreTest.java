package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.department.Department;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Departments ({@link JdbcDepartmentStore}) on SQLite and PostgreSQL. */
class DepartmentStoreTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    private static Department department(String id, String name) {
        return new Department(id, name, true, false, id + "@example.com", "About " + name, T0);
    }

    private static List<String> names(Page<Department> page) {
        return page.items().stream().map(Department::name).toList();
    }

    @StoreTest
    void createFindUpdateDelete(TestDatabase db) throws Exception {
        JdbcDepartmentStore store = new JdbcDepartmentStore(db.database());
        Department sales = department("d-1", "Sales");
        assertEquals(sales, await(store.create(sales)));
        assertEquals(sales, await(store.find("d-1")).orElseThrow());

        Department renamed = new Department("d-1", "Sales EU", false, true, null, null, T0.plusSeconds(1));
        assertEquals(Optional.of(renamed), await(store.update(renamed)));
        assertEquals(renamed, await(store.find("d-1")).orElseThrow());
        assertEquals(Optional.empty(), await(store.update(department("d-404", "Ghost"))));

        assertTrue(await(store.delete("d-1")));
        assertFalse(await(store.delete("d-1")));
        assertTrue(await(store.find("d-1")).isEmpty());
    }

    @StoreTest
    void aTakenNameIsTheStoresErrorOnCreateAndUpdate(TestDatabase db) throws Exception {
        JdbcDepartmentStore store = new JdbcDepartmentStore(db.database());
        await(store.create(department("d-1", "Sales")));
        await(store.create(department("d-2", "Support")));

        ApiError onCreate = assertThrows(ApiError.class, () -> await(store.create(department("d-3", "Sales"))));
        assertTrue(onCreate.getMessage().contains("error-duplicated-department-name"), onCreate.getMessage());
        ApiError onUpdate = assertThrows(ApiError.class, () -> await(store.update(department("d-2", "Sales"))));
        assertTrue(onUpdate.getMessage().contains("error-duplicated-department-name"), onUpdate.getMessage());

        assertTrue(await(store.find("d-3")).isEmpty());
        assertEquals("Support", await(store.find("d-2")).orElseThrow().name());
        await(store.create(department("d-4", "Billing"))); // the store keeps working after a refused write
    }

    @StoreTest
    void listsByNameWithEscapedFilterAndPagingTotals(TestDatabase db) throws Exception {
        JdbcDepartmentStore store = new JdbcDepartmentStore(db.database());
        for (String name : List.of("Support", "Sales", "Sales_100%", "Salesforce", "Billing")) {
            await(store.create(department("id-" + name, name)));
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
}
