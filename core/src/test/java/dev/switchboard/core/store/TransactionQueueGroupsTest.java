package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.core.config.SqliteSync;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/** Writes of one kind queued next to each other run as a group; a group that declines or fails runs one by one. */
class TransactionQueueGroupsTest {
    private SQLiteDataSource dataSource;
    private TransactionQueue queue;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void open() throws Exception {
        dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + Files.createTempDirectory("groups").resolve("t.db"));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE rows (v TEXT NOT NULL)");
        }
        queue = new TransactionQueue(dataSource, new SqliteDialect(SqliteSync.APPS, () -> { }), 1);
        // Holds the writer, so everything submitted next waits in the queue and is taken as one batch.
        queue.submit(connection -> {
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    void neighboursOfOneKindRunTogetherInQueueOrder() throws Exception {
        Recording upper = new Recording(Mode.RUN);
        Recording other = new Recording(Mode.RUN);
        List<CompletableFuture<String>> writes = new ArrayList<>();
        writes.add(queue.submit(upper, "a1", Durability.SYNCED));
        writes.add(queue.submit(upper, "a2", Durability.SYNCED));
        writes.add(queue.submit(connection -> insert(connection, "PLAIN")));
        writes.add(queue.submit(upper, "a3", Durability.SYNCED));
        writes.add(queue.submit(upper, "a4", Durability.SYNCED));
        writes.add(queue.submit(upper, "a5", Durability.SYNCED));
        writes.add(queue.submit(other, "b1", Durability.SYNCED));
        release.countDown();

        List<String> answers = new ArrayList<>();
        for (CompletableFuture<String> write : writes) {
            answers.add(write.get(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of("A1", "A2", "PLAIN", "A3", "A4", "A5", "B1"), answers);
        assertEquals(List.of(List.of("a1", "a2"), List.of("a3", "a4", "a5")), upper.groups);
        assertEquals(List.of(), upper.alone);
        assertEquals(List.of(), other.groups);
        assertEquals(List.of("b1"), other.alone); // a group of one runs alone
        assertEquals(List.of("A1", "A2", "PLAIN", "A3", "A4", "A5", "B1"), rows());
    }

    @Test
    void aGroupThatDeclinesIsUndoneAndEachRunsAloneSoOnlyTheBadOneFails() throws Exception {
        Recording declining = new Recording(Mode.DECLINE);
        CompletableFuture<String> first = queue.submit(declining, "c1", Durability.SYNCED);
        CompletableFuture<String> bad = queue.submit(declining, "bad", Durability.SYNCED);
        CompletableFuture<String> last = queue.submit(declining, "c3", Durability.SYNCED);
        release.countDown();

        assertEquals("C1", first.get(10, TimeUnit.SECONDS));
        assertEquals("C3", last.get(10, TimeUnit.SECONDS));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, failure.getCause());
        assertEquals(List.of("c1", "bad", "c3"), declining.alone);
        assertEquals(List.of("C1", "C3"), rows()); // nothing the declined group wrote is left
    }

    @Test
    void aGroupThatFailsIsUndoneAndEachRunsAlone() throws Exception {
        Recording failing = new Recording(Mode.FAIL);
        CompletableFuture<String> first = queue.submit(failing, "d1", Durability.SYNCED);
        CompletableFuture<String> second = queue.submit(failing, "d2", Durability.SYNCED);
        release.countDown();

        assertEquals("D1", first.get(10, TimeUnit.SECONDS));
        assertEquals("D2", second.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(List.of("d1", "d2")), failing.groups);
        assertEquals(List.of("D1", "D2"), rows());
    }

    private enum Mode { RUN, DECLINE, FAIL }

    /**
     * Stores each request upper-cased and answers it. A declining or failing group first writes rows of its own
     * (lower-case), which must not survive.
     */
    private static final class Recording implements TransactionQueue.GroupWork<String, String> {
        private final Mode mode;
        final List<List<String>> groups = new CopyOnWriteArrayList<>();
        final List<String> alone = new CopyOnWriteArrayList<>();

        Recording(Mode mode) {
            this.mode = mode;
        }

        @Override
        public String runOne(Connection connection, String request) throws SQLException {
            alone.add(request);
            if (request.equals("bad")) {
                insert(connection, "half-done");
                throw new IllegalArgumentException("bad request");
            }
            return insert(connection, request.toUpperCase());
        }

        @Override
        public Optional<List<String>> runAll(Connection connection, List<String> requests) throws SQLException {
            groups.add(List.copyOf(requests));
            if (mode != Mode.RUN) {
                for (String request : requests) {
                    insert(connection, request);
                }
                if (mode == Mode.FAIL) {
                    throw new SQLException("the group failed");
                }
                return Optional.empty();
            }
            List<String> answers = new ArrayList<>();
            for (String request : requests) {
                answers.add(insert(connection, request.toUpperCase()));
            }
            return Optional.of(answers);
        }
    }

    private static String insert(Connection connection, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO rows (v) VALUES (?)")) {
            statement.setString(1, value);
            statement.executeUpdate();
        }
        return value.toUpperCase();
    }

    private List<String> rows() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT v FROM rows ORDER BY rowid")) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
