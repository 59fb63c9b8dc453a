package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.core.config.SqliteSync;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/**
 * A batch's commit is as durable as its most demanding write asks, on a real SQLite file: each write reads the
 * {@code synchronous} level its own transaction will commit with.
 */
class TransactionQueueDurabilityTest {
    /** SQLite's numbers for PRAGMA synchronous. */
    private static final int NORMAL = 1;
    private static final int FULL = 2;

    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private SQLiteDataSource dataSource;
    private TransactionQueue queue;

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    void withAppsABatchOfCrashSafeWritesCommitsWithoutASync() throws Exception {
        open(SqliteSync.APPS);
        CompletableFuture<Integer> first = queue.submit(LEVEL, "a", Durability.CRASH_SAFE);
        CompletableFuture<Integer> second = queue.submit(LEVEL, "b", Durability.CRASH_SAFE);
        release.countDown();

        assertEquals(NORMAL, first.get(10, TimeUnit.SECONDS));
        assertEquals(NORMAL, second.get(10, TimeUnit.SECONDS));
    }

    @Test
    void withAppsOneSyncedWriteMakesItsWholeBatchSynced() throws Exception {
        open(SqliteSync.APPS);
        CompletableFuture<Integer> crashSafe = queue.submit(LEVEL, "a", Durability.CRASH_SAFE);
        CompletableFuture<Integer> synced = queue.submit(TransactionQueueDurabilityTest::level);
        release.countDown();

        assertEquals(FULL, crashSafe.get(10, TimeUnit.SECONDS));
        assertEquals(FULL, synced.get(10, TimeUnit.SECONDS));
    }

    @Test
    void withAppsTheLevelFollowsEachBatchAndWritesStillCommit() throws Exception {
        open(SqliteSync.APPS);
        release.countDown();
        for (Durability durability : List.of(Durability.CRASH_SAFE, Durability.SYNCED, Durability.CRASH_SAFE)) {
            int level = queue.submit(LEVEL, "x", durability).get(10, TimeUnit.SECONDS);
            assertEquals(durability == Durability.SYNCED ? FULL : NORMAL, level);
        }
        assertEquals(3, count()); // each batch's row committed across the level changes
    }

    @Test
    void withFullEveryCommitIsSynced() throws Exception {
        open(SqliteSync.FULL);
        release.countDown();
        assertEquals(FULL, queue.submit(LEVEL, "a", Durability.CRASH_SAFE).get(10, TimeUnit.SECONDS));
    }

    @Test
    void withNormalNoCommitIsSynced() throws Exception {
        open(SqliteSync.NORMAL);
        release.countDown();
        assertEquals(NORMAL, queue.submit(TransactionQueueDurabilityTest::level).get(10, TimeUnit.SECONDS));
    }

    /** A queue over a new file whose connections start at {@code sync}'s level, as the host opens them. */
    private void open(SqliteSync sync) throws Exception {
        dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + Files.createTempDirectory("durability").resolve("t.db")
                + "?journal_mode=WAL&synchronous=" + sync.connectionLevel());
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE rows (v TEXT NOT NULL)");
        }
        queue = new TransactionQueue(dataSource, new SqliteDialect(sync), 1);
        // Holds the writer (in a batch of its own), so everything submitted next waits and is taken as one batch.
        queue.submit(connection -> {
            held.countDown();
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        held.await(10, TimeUnit.SECONDS);
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
