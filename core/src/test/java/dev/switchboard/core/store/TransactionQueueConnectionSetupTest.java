package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.core.config.SqliteSync;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A writer sets its connection up (PRAGMAs SQLite refuses inside a transaction) before it starts a transaction,
 * whatever the pool hands it: here the pool's only connection already has a temp schema, as the connection the
 * migrations rebuilt a table on has.
 */
class TransactionQueueConnectionSetupTest {
    @Test
    void aWriterSetsUpAConnectionThatAlreadyHasATempSchema() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + Files.createTempDirectory("setup").resolve("t.db") + "?journal_mode=WAL");
        config.setMaximumPoolSize(1);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
                sql.execute("CREATE TABLE rows (v TEXT NOT NULL)");
                sql.execute("CREATE TEMP TABLE scratch (v TEXT)");
            }
            SqliteDialect dialect = new SqliteDialect(SqliteSync.APPS, () -> { });
            try (TransactionQueue queue = new TransactionQueue(dataSource, dialect, 1)) {
                int written = queue.submit(connection -> {
                    try (Statement sql = connection.createStatement()) {
                        return sql.executeUpdate("INSERT INTO rows (v) VALUES ('written')");
                    }
                }).get(10, TimeUnit.SECONDS);
                assertEquals(1, written);
            }
            try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
                 ResultSet rows = sql.executeQuery("SELECT count(*) FROM rows")) {
                rows.next();
                assertEquals(1, rows.getInt(1), "the write committed");
            }
        }
    }
}
