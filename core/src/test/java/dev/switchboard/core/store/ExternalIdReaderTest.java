package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.core.store.ExternalIdStore.Resolved;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.RegistrationRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A channel resolves the sender of its every message: an id a visitor already holds is resolved on a reader,
 * without a transaction in the writer ({@link JdbcExternalIdStore#resolve}, {@link JdbcExternalIdStore#resolveOrCreate}).
 */
class ExternalIdReaderTest {
    private static final String APP = "whatsapp-bridge";

    @StoreTest
    void aHeldIdResolvesWithoutAWriteAndANewOneStillCreatesInTheWriter(TestDatabase db) throws Exception {
        Database database = db.database();
        JdbcExternalIdStore store = new JdbcExternalIdStore(database, new JdbcVisitorStore(database,
                Clock.systemUTC()), Clock.systemUTC());
        ExternalId id = new ExternalId(APP, "BR.held", Map.of());
        List<Integer> batches = new CopyOnWriteArrayList<>();
        database.transactions().onBatchCommitted(batches::add);
        Resolved created = await(store.resolveOrCreate(id, null, null, RegistrationRequest.ofToken("t-held")));
        settle(batches); // a writer reports a batch just after it answers its writes
        assertFalse(batches.isEmpty(), "the new id was created in the writer");
        awaitNamesIndexed(database);
        batches.clear();

        for (int i = 0; i < 3; i++) {
            Resolved again = await(store.resolveOrCreate(id, "5511999990000", null,
                    RegistrationRequest.ofToken("t-other-" + i)));
            assertFalse(again.created());
            assertEquals(created.visitor().id(), again.visitor().id());
            assertEquals(created.visitor().id(), await(store.resolve(id, null, null)).orElseThrow().id());
        }
        settle(batches);
        assertEquals(List.of(), batches, "no transaction in the writer");
    }

    /**
     * On SQLite the writer indexes new visitors' names a moment after they registered (VisitorNameIndex, once a
     * second): waits until that is done, and for its batch report, so that it is not counted as a lookup's write.
     */
    private static void awaitNamesIndexed(Database database) throws Exception {
        if (!(database.dialect() instanceof SqliteDialect)) {
            return;
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (await(database.read(VisitorNameIndex::behind)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
    }

    /** Waits until a batch was reported, or 2 s, then 200 ms more for any report that lags. */
    private static void settle(List<Integer> batches) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (batches.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
    }
}
