package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.core.config.SqliteSync;
import dev.switchboard.core.testing.TestHost;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The operator's {@code --sqlite-sync} choice reaches every connection of the embedded database. */
class SqliteSyncIT {
    /** SQLite's numbers for PRAGMA synchronous. */
    private static final int NORMAL = 1;
    private static final int FULL = 2;

    @Test
    void pooledConnectionsSyncNormalByDefaultWhileTheWriterChoosesPerCommit() throws Exception {
        try (TestHost host = TestHost.start()) {
            assertEquals(NORMAL, synchronous(host)); // readers and checkpoints; see TransactionQueueDurabilityTest
            assertEquals(200, host.client().post("/api/v1/livechat/visitor", "{\"visitor\":{\"token\":\"t\"}}")
                    .status());
        }
    }

    @Test
    void connectionsSyncFullWhenChosen() throws Exception {
        try (TestHost host = TestHost.start(builder -> builder.sqliteSync(SqliteSync.FULL))) {
            assertEquals(FULL, synchronous(host));
        }
    }

    @Test
    void connectionsSyncNormalWhenChosen() throws Exception {
        try (TestHost host = TestHost.start(builder -> builder.sqliteSync(SqliteSync.NORMAL))) {
            assertEquals(NORMAL, synchronous(host));
            assertEquals(200, host.client().post("/api/v1/livechat/visitor", "{\"visitor\":{\"token\":\"t\"}}")
                    .status());
        }
    }

    private static int synchronous(TestHost host) throws Exception {
        try (Connection connection = host.host().database().dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA synchronous")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
