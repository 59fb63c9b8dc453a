package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Upkeep a database needs besides the statements of requests: a task the host runs every second on a pooled
 * connection, off the request path, and a step each writer takes on its own connection after a batch committed.
 */
interface DatabaseUpkeep {
    /** No upkeep (PostgreSQL: the server maintains itself). */
    DatabaseUpkeep NONE = new DatabaseUpkeep() {
        @Override
        public boolean isPeriodic() {
            return false;
        }

        @Override
        public void runPeriodically(Connection pooled) {
        }

        @Override
        public void afterCommit(Connection writer) {
        }
    };

    /** True when {@link #runPeriodically} has anything to do. */
    boolean isPeriodic();

    /** Runs every second on the host's maintenance thread. */
    void runPeriodically(Connection pooled) throws SQLException;

    /** Runs on a writer thread, on its connection, after a batch committed and was answered. */
    void afterCommit(Connection writer) throws SQLException;
}
