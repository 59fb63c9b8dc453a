package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.core.config.SqliteSync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Under constant writes SQLite's log never starts over by itself; with {@link WalCheckpoints} the writer finishes
 * the checkpoint when the log got long, and the file stops growing. Real SQLite file, real writer thread.
 */
class WalCheckpointsTest {
    private static final int RESTART_FRAMES = 50;
    private static final int ROW_BYTES = 2000;

    private Path file;
    private HikariDataSource dataSource;

    @BeforeEach
    void openDatabase() throws Exception {
        file = Files.createTempDirectory("wal").resolve("t.db");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file + "?journal_mode=WAL&synchronous=FULL&busy_timeout=5000");
        config.setMaximumPoolSize(3);
        dataSource = new HikariDataSource(config);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, payload BLOB)");
        }
    }

    @AfterEach
    void closeDatabase() {
        dataSource.close();
    }

    @Test
    void theLogStartsOverOnceTheWriterFinishedTheCheckpoint() throws Exception {
        WalCheckpoints checkpoints = new WalCheckpoints(RESTART_FRAMES);
        try (TransactionQueue queue = queue(checkpoints)) {
            insert(queue, 200);
            checkpointWhileWritesGoOn(queue, checkpoints);
            insert(queue, 2); // the first commit is followed by the writer's checkpoint; the second restarts the log
            long highWater = Files.size(wal());

            insert(queue, 100);

            assertEquals(highWater, Files.size(wal()), "the log was written from its start again, not appended to");
        }
    }

    @Test
    void withoutTheWritersCheckpointTheLogKeepsGrowing() throws Exception {
        WalCheckpoints checkpoints = new WalCheckpoints(Integer.MAX_VALUE);
        try (TransactionQueue queue = queue(checkpoints)) {
            insert(queue, 200);
            checkpointWhileWritesGoOn(queue, checkpoints);
            insert(queue, 2);
            long highWater = Files.size(wal());

            insert(queue, 100);

            assertTrue(Files.size(wal()) > highWater, "a log nobody restarts grows");
        }
    }

    private TransactionQueue queue(WalCheckpoints checkpoints) {
        return new TransactionQueue(dataSource, new SqliteDialect(SqliteSync.APPS, () -> { }), 1, new Availability(),
                checkpoints);
    }

    /** One write per row, each its own batch: waited for before the next is queued. */
    private static void insert(TransactionQueue queue, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            queue.submit(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO rows (payload) VALUES (?)")) {
                    statement.setBytes(1, new byte[ROW_BYTES]);
                    return statement.executeUpdate();
                }
            }).get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The maintenance thread's checkpoint under load: frames written while it runs are not copied (here: frames a
     * reader's older snapshot keeps it from copying), so the log is never found completely copied by a writer.
     */
    private void checkpointWhileWritesGoOn(TransactionQueue queue, WalCheckpoints checkpoints) throws Exception {
        try (Connection reader = dataSource.getConnection(); Connection pooled = dataSource.getConnection()) {
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.executeQuery("SELECT count(*) FROM rows").close();
            }
            insert(queue, 5);
            checkpoints.runPeriodically(pooled);
            reader.rollback();
        }
    }

    private Path wal() {
        return Path.of(file + "-wal");
    }
}
