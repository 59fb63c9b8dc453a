package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.core.error.ServiceUnavailableException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A writer whose kept connection died (a database restart) runs its batch once more on a new connection; a batch
 * is never run twice when its commit may have happened. Connections here are real SQLite ones that can be made to
 * fail like dropped PostgreSQL connections (SQLSTATE 08003).
 */
class TransactionQueueReconnectTest {
    @Test
    void aBatchOnADeadKeptConnectionRunsAgainOnANewOneAndCommitsOnce() throws Exception {
        KillableDataSource source = new KillableDataSource(Files.createTempDirectory("tq").resolve("t.db"));
        TransactionQueue queue = new TransactionQueue(source, new PostgresDialect(), 1);
        try {
            queue.submit(connection -> execute(connection, "CREATE TABLE t (v INTEGER)")).get(10, TimeUnit.SECONDS);
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
            assertEquals(2, source.opened(), "one new connection, not one per write");
        } finally {
            queue.close();
        }
    }

    @Test
    void aSecondDeadConnectionIsAnswered503WithoutAThirdTry() throws Exception {
        KillableDataSource source = new KillableDataSource(Files.createTempDirectory("tq").resolve("t.db"));
        TransactionQueue queue = new TransactionQueue(source, new PostgresDialect(), 1);
        try {
            queue.submit(connection -> execute(connection, "CREATE TABLE t (v INTEGER)")).get(10, TimeUnit.SECONDS);
            source.killAll();
            source.bornDead(true);
            CompletableFuture<Integer> write = queue.submit(connection -> execute(connection,
                    "INSERT INTO t (v) VALUES (1)"));
            ExecutionException failure = assertThrows(ExecutionException.class, () -> write.get(10, TimeUnit.SECONDS));
            assertInstanceOf(ServiceUnavailableException.class, failure.getCause());
            assertEquals(2, source.opened(), "the kept connection and one new one");
            source.bornDead(false);
            assertEquals(1, queue.submit(connection -> execute(connection, "INSERT INTO t (v) VALUES (2)"))
                    .get(10, TimeUnit.SECONDS), "the next batch takes a new connection again");
            assertEquals(1, count(source));
        } finally {
            queue.close();
        }
    }

    private static int execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
            return 1;
        }
    }

    private static int count(KillableDataSource source) throws SQLException {
        try (Connection connection = DriverManager.getConnection(source.url);
             PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM t");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** SQLite connections that fail every call, like a dropped PostgreSQL connection, once killed. */
    private static final class KillableDataSource implements DataSource {
        private final String url;
        private final AtomicInteger opened = new AtomicInteger();
        private volatile int deadBelow;
        private volatile boolean bornDead;

        KillableDataSource(Path file) {
            this.url = "jdbc:sqlite:" + file;
        }

        /** Every connection opened so far dies. */
        void killAll() {
            deadBelow = opened.get();
        }

        /** Connections opened from now on are dead from the start (the database is still unreachable). */
        void bornDead(boolean dead) {
            bornDead = dead;
        }

        int opened() {
            return opened.get();
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection real = DriverManager.getConnection(url);
            int number = opened.getAndIncrement();
            boolean dead = bornDead;
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        boolean closing = method.getName().equals("close") || method.getName().equals("rollback");
                        if (!closing && (dead || number < deadBelow)) {
                            throw new SQLException("This connection has been closed.", "08003");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) { }

        @Override
        public void setLoginTimeout(int seconds) { }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
