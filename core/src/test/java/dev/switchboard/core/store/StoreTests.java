package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Small helpers shared by the {@code @StoreTest} classes. */
final class StoreTests {
    private StoreTests() { }

    /** The future's value; its failure's cause is rethrown as is (so {@code assertThrows} sees the store's error). */
    static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The first column of the first row of {@code sql}, as text. */
    static String scalar(Database database, String sql, String... parameters) throws Exception {
        return await(database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setString(i + 1, parameters[i]);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        }));
    }

    /**
     * The query plan of {@code sql} (its parameters written in), one line per step: SQLite's EXPLAIN QUERY PLAN, or
     * PostgreSQL's EXPLAIN with sequential scans off (a test's few rows would rather be scanned).
     */
    static String plan(TestDatabase db, String sql) throws Exception {
        return await(db.database().read(connection -> {
            try (Statement statement = connection.createStatement()) {
                if (db.isPostgres()) {
                    statement.execute("SET enable_seqscan = off");
                }
                StringBuilder lines = new StringBuilder();
                try (ResultSet rows = statement.executeQuery((db.isPostgres() ? "EXPLAIN " : "EXPLAIN QUERY PLAN ")
                        + sql)) {
                    while (rows.next()) {
                        lines.append(rows.getString(db.isPostgres() ? 1 : 4)).append('\n');
                    }
                } finally {
                    if (db.isPostgres()) {
                        statement.execute("RESET enable_seqscan");
                    }
                }
                return lines.toString();
            }
        }));
    }

    /** Work inside a transaction, with its connection. */
    interface InTransaction<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in a transaction of its own on a pooled connection, then rolls it back. */
    static <T> T rolledBack(Database database, InTransaction<T> work) throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                return work.run(connection);
            } finally {
                connection.rollback();
            }
        }
    }

    static void awaitListening(Database node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!node.listening() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(node.listening(), "listener did not connect");
    }

    /** Waits up to 2 s for {@code heard} to contain {@code expected}. */
    static void awaitHeard(Collection<String> heard, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!heard.contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(heard.contains(expected), "not heard: " + expected + " in " + heard);
    }
}
