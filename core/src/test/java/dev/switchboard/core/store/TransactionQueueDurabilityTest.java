package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.config.SqliteSync;
import dev.switchboard.core.error.ServiceUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/**
 * A batch is answered only once its commit is as durable as its most demanding write asks, on a real SQLite file:
 * the writer commits without syncing ({@code synchronous=NORMAL}), and a batch that must be synced is answered
 * after a sync of the log that started after its commit, while the writer goes on with the next batch.
 */
class TransactionQueueDurabilityTest {
    /** SQLite's number for PRAGMA synchronous=NORMAL. */
    private static final int NORMAL = 1;

    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger syncs = new AtomicInteger();
    private volatile WalSync sync = syncs::incrementAndGet;
    private SQLiteDataSource dataSource;
    private Path databaseFile;
    private TransactionQueue queue;

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    void withAppsABatchOfCrashSafeWritesIsAnsweredWithoutASync() throws Exception {
        open(SqliteSync.APPS);
        CompletableFuture<Integer> first = queue.submit(LEVEL, "a", Durability.CRASH_SAFE);
        CompletableFuture<Integer> second = queue.submit(LEVEL, "b", Durability.CRASH_SAFE);
        release.countDown();

        assertEquals(NORMAL, first.get(10, TimeUnit.SECONDS));
        assertEquals(NORMAL, second.get(10, TimeUnit.SECONDS));
        assertEquals(0, syncs.get());
    }

    @Test
    void withAppsOneSyncedWriteMakesItsWholeBatchWaitForASync() throws Exception {
        open(SqliteSync.APPS);
        CompletableFuture<Integer> crashSafe = queue.submit(LEVEL, "a", Durability.CRASH_SAFE);
        CompletableFuture<Integer> synced = queue.submit(LEVEL, "b", Durability.SYNCED);
        CountDownLatch finishSync = new CountDownLatch(1);
        CountDownLatch syncing = holdNextSyncUntil(finishSync);
        release.countDown();

        assertTrue(syncing.await(10, TimeUnit.SECONDS));
        assertEquals(2, count(), "both rows committed before the sync");
        assertFalse(crashSafe.isDone(), "a write is answered with its batch, after the sync");
        assertFalse(synced.isDone());
        finishSync.countDown();
        assertEquals(NORMAL, synced.get(10, TimeUnit.SECONDS), "committed without SQLite's own sync");
        assertEquals(NORMAL, crashSafe.get(10, TimeUnit.SECONDS));
    }

    @Test
    void theWriterRunsTheNextBatchWhileTheLastOneSyncs() throws Exception {
        CountDownLatch finishSync = new CountDownLatch(1);
        CompletableFuture<Integer> first = aBatchHeldInItsSync(finishSync);

        CountDownLatch secondRan = new CountDownLatch(1);
        CompletableFuture<Boolean> second = queue.submit(connection -> {
            secondRan.countDown();
            return true;
        });
        assertTrue(secondRan.await(10, TimeUnit.SECONDS), "the writer is not held by the first batch's sync");
        assertFalse(first.isDone());
        assertFalse(second.isDone(), "answers keep commit order");
        sync = syncs::incrementAndGet;
        finishSync.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertTrue(second.get(10, TimeUnit.SECONDS));
    }

    @Test
    void oneSyncCoversEveryBatchCommittedBeforeIt() throws Exception {
        CountDownLatch finishSync = new CountDownLatch(1);
        CompletableFuture<Integer> first = aBatchHeldInItsSync(finishSync);
        sync = syncs::incrementAndGet;
        int before = syncs.get();
        // Two more batches commit while the first one's sync runs; the next sync covers both.
        CompletableFuture<Integer> second = queue.submit(LEVEL, "second", Durability.SYNCED);
        waitUntilCommitted(2 + 1);
        CompletableFuture<Integer> third = queue.submit(LEVEL, "third", Durability.SYNCED);
        waitUntilCommitted(3 + 1);
        finishSync.countDown();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        third.get(10, TimeUnit.SECONDS);
        assertEquals(before + 1, syncs.get(), "the batches committed during a sync share the next one");
    }

    @Test
    void aFailedSyncAnswersItsBatch503AndTheWriterGoesOn() throws Exception {
        open(SqliteSync.FULL);
        sync = () -> {
            throw new IOException("EIO");
        };
        CompletableFuture<Integer> lost = queue.submit(LEVEL, "a", Durability.SYNCED);
        release.countDown();

        ExecutionException failure = assertThrows(ExecutionException.class, () -> lost.get(10, TimeUnit.SECONDS));
        assertInstanceOf(ServiceUnavailableException.class, failure.getCause());
        sync = syncs::incrementAndGet;
        assertEquals(NORMAL, queue.submit(LEVEL, "b", Durability.SYNCED).get(10, TimeUnit.SECONDS));
    }

    @Test
    void withFullEveryBatchIsSynced() throws Exception {
        open(SqliteSync.FULL);
        release.countDown();
        queue.submit(LEVEL, "a", Durability.CRASH_SAFE).get(10, TimeUnit.SECONDS);
        int afterFirst = syncs.get();
        queue.submit(LEVEL, "b", Durability.CRASH_SAFE).get(10, TimeUnit.SECONDS);
        assertEquals(afterFirst + 1, syncs.get());
    }

    @Test
    void withNormalNoBatchIsSynced() throws Exception {
        open(SqliteSync.NORMAL);
        release.countDown();
        assertEquals(NORMAL, queue.submit(TransactionQueueDurabilityTest::level).get(10, TimeUnit.SECONDS));
        assertEquals(0, syncs.get());
    }

    @Test
    void theLogSyncOfARealDatabaseSucceedsWithAndWithoutALog() throws Exception {
        open(SqliteSync.NORMAL);
        release.countDown();
        queue.submit(LEVEL, "a", Durability.SYNCED).get(10, TimeUnit.SECONDS);
        assertTrue(Files.exists(databaseFile.resolveSibling("t.db-wal")));
        WalSync.of(databaseFile).sync();
        WalSync.of(databaseFile.resolveSibling("none.db")).sync(); // no log: nothing to sync, no failure
    }

    /**
     * With {@code --sqlite-sync full}, a committed batch (after one more, "warm") whose sync has started and waits
     * for {@code finishSync}: its answer.
     */
    private CompletableFuture<Integer> aBatchHeldInItsSync(CountDownLatch finishSync) throws Exception {
        open(SqliteSync.FULL);
        release.countDown();
        queue.submit(LEVEL, "warm", Durability.SYNCED).get(10, TimeUnit.SECONDS);
        CountDownLatch syncing = holdNextSyncUntil(finishSync);
        CompletableFuture<Integer> first = queue.submit(LEVEL, "first", Durability.SYNCED);
        assertTrue(syncing.await(10, TimeUnit.SECONDS));
        return first;
    }

    /** Makes the next sync wait for {@code finish}; answers a latch that opens when that sync starts. */
    private CountDownLatch holdNextSyncUntil(CountDownLatch finish) {
        CountDownLatch syncing = new CountDownLatch(1);
        sync = () -> {
            syncing.countDown();
            await(finish);
        };
        return syncing;
    }

    /** A queue over a new file whose connections start at {@code level}'s setting, as the host opens them. */
    private void open(SqliteSync level) throws Exception {
        databaseFile = Files.createTempDirectory("durability").resolve("t.db");
        dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + databaseFile + "?journal_mode=WAL&synchronous=" + level.connectionLevel());
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE rows (v TEXT NOT NULL)");
        }
        queue = new TransactionQueue(dataSource, new SqliteDialect(level, () -> sync.sync()), 1);
        // Holds the writer (in a batch of its own), so everything submitted next waits and is taken as one batch.
        queue.submit(connection -> {
            held.countDown();
            await(release);
            return true;
        }, Durability.CRASH_SAFE);
        held.await(10, TimeUnit.SECONDS);
    }

    /** Waits until {@code rows} rows are committed (visible to another connection). */
    private void waitUntilCommitted(int rows) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count() < rows) {
            assertTrue(System.nanoTime() < deadline, "the writer commits while a sync runs");
            Thread.sleep(5);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Inserts a row and answers the level this write's transaction commits with (its own, or its group's). */
    private static final TransactionQueue.GroupWork<String, Integer> LEVEL = new TransactionQueue.GroupWork<>() {
        @Override
        public Integer runOne(Connection connection, String request) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO rows (v) VALUES ('" + request + "')");
            }
            return level(connection);
        }

        @Override
        public Optional<List<Integer>> runAll(Connection connection, List<String> requests) {
            return Optional.empty();
        }
    };

    private static int level(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA synchronous")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private int count() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM rows")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
