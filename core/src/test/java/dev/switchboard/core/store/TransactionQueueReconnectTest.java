package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.core.error.ServiceUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A writer whose kept connection died (a database restart) runs its batch once more on a new connection; a batch
 * is never run twice when its commit may have happened. Connections here are real SQLite ones that can be made to
 * fail like dropped PostgreSQL connections (SQLSTATE 08003).
 */
class TransactionQueueReconnectTest {
    @Test
    void aBatchOnADeadKeptConnectionRunsAgainOnANewOneAndCommitsOnce() throws Exception {
        Killable source = new Killable(Files.createTempDirectory("tq").resolve("t.db"));
        TransactionQueue queue = queueWithTable(source);
        try {
            source.killAll(); // the writer keeps its connection between batches: it is dead now
            AtomicInteger runs = new AtomicInteger();
            List<CompletableFuture<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int value = i;
                writes.add(queue.submit(connection -> {
                    runs.incrementAndGet();
                    return execute(connection, "INSERT INTO t (v) VALUES (" + value + ")");
                }));
            }
            for (CompletableFuture<Integer> write : writes) {
                assertEquals(1, write.get(10, TimeUnit.SECONDS));
            }
            assertEquals(5, count(source), "each write committed exactly once");
            assertEquals(2, source.source.opened(), "one new connection, not one per write");
        } finally {
            queue.close();
        }
    }

    @Test
    void aSecondDeadConnectionIsAnswered503WithoutAThirdTry() throws Exception {
        Killable source = new Killable(Files.createTempDirectory("tq").resolve("t.db"));
        TransactionQueue queue = queueWithTable(source);
        try {
            source.killAll();
            source.bornDead(true);
            CompletableFuture<Integer> write = queue.submit(connection -> execute(connection,
                    "INSERT INTO t (v) VALUES (1)"));
            ExecutionException failure = assertThrows(ExecutionException.class, () -> write.get(10, TimeUnit.SECONDS));
            assertInstanceOf(ServiceUnavailableException.class, failure.getCause());
            assertEquals(2, source.source.opened(), "the kept connection and one new one");
            source.bornDead(false);
            assertEquals(1, queue.submit(connection -> execute(connection, "INSERT INTO t (v) VALUES (2)"))
                    .get(10, TimeUnit.SECONDS), "the next batch takes a new connection again");
            assertEquals(1, count(source));
        } finally {
            queue.close();
        }
    }

    /** A queue whose writer holds a connection already, with table {@code t} created. */
    private static TransactionQueue queueWithTable(Killable source) throws Exception {
        TransactionQueue queue = new TransactionQueue(source.source, new PostgresDialect(), 1);
        queue.submit(connection -> execute(connection, "CREATE TABLE t (v INTEGER)")).get(10, TimeUnit.SECONDS);
        return queue;
    }

    private static int execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
            return 1;
        }
    }

    private static int count(Killable source) throws SQLException {
        try (Connection connection = DriverManager.getConnection(source.source.url());
             PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM t");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** SQLite connections that fail every call but closing ones, like a dropped PostgreSQL connection, once killed. */
    private static final class Killable {
        private final Set<Integer> dead = ConcurrentHashMap.newKeySet();
        private final Set<Integer> seen = ConcurrentHashMap.newKeySet();
        private volatile boolean bornDead;
        final InterceptedDataSource source;

        Killable(Path file) {
            source = new InterceptedDataSource(file, (number, method) -> {
                if (seen.add(number) && bornDead) {
                    dead.add(number);
                }
                if (dead.contains(number) && !method.equals("close") && !method.equals("rollback")) {
                    throw new SQLException("This connection has been closed.", "08003");
                }
            });
        }

        /** Every connection opened so far dies. */
        void killAll() {
            for (int i = 0; i < source.opened(); i++) {
                dead.add(i);
            }
        }

        /** Connections opened from now on are dead from the start (the database is still unreachable). */
        void bornDead(boolean value) {
            bornDead = value;
        }
    }
}
