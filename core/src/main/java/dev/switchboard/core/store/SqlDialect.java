package dev.switchboard.core.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The few places where SQLite and PostgreSQL differ; every other statement is shared. */
public interface SqlDialect {

    /** A bind marker for a JSON document given as text ({@code ?} on SQLite, {@code CAST(? AS jsonb)} on PG). */
    String jsonParameter();

    /** The next {@code count} guest numbers, atomically, from the database (never a per-node counter). */
    long[] nextGuestNumbers(Connection connection, int count) throws SQLException;

    /**
     * A condition true for visitors whose name or username contains {@code term} case-insensitively (as
     * {@code lower(x) LIKE '%term%'}), in the form the database finds them fastest through an index when they are
     * few; its bind values are added to {@code binds}. Here the shared form, which PostgreSQL serves with pg_trgm's
     * GIN indexes on {@code lower(name)} and {@code lower(username)} (V20).
     */
    default String nameOrUsernameContains(String term, List<String> binds) {
        return nameOrUsernameLike(term, binds);
    }

    /**
     * A query of one row per live visitor whose name or username contains {@code term} (the matches of
     * {@link #nameOrUsernameContains}), in the form the database counts fastest, also when nearly every visitor
     * matches; a caller may stop reading it early. Here the shared form.
     */
    default String nameOrUsernameMatchRows(String term, List<String> binds) {
        return "SELECT 1 FROM visitors WHERE erased_at IS NULL AND (" + nameOrUsernameLike(term, binds) + ")";
    }

    /**
     * {@code lower(name) LIKE ? OR lower(username) LIKE ?} for {@code term} as a literal substring: the condition
     * itself, tested on each row (the definition that the indexed forms above must match exactly).
     */
    default String nameOrUsernameLike(String term, List<String> binds) {
        binds.add(LikePatterns.containing(term));
        binds.add(LikePatterns.containing(term));
        return "lower(name) LIKE ? ESCAPE '\\' OR lower(username) LIKE ? ESCAPE '\\'";
    }

    /** Flyway location of this dialect's migrations. */
    String migrationLocation();

    /** True when {@code e} reports a unique-constraint violation. */
    boolean isUniqueViolation(SQLException e);

    /** True when retrying the same work in a new transaction can succeed (deadlock, serialization, busy). */
    boolean isTransient(SQLException e);

    /** True when the database could not be reached at all (the request gets 503, not 500). */
    boolean isConnectionFailure(SQLException e);

    /** True when {@link #notify} reaches other nodes (PostgreSQL); SQLite is one node by construction. */
    default boolean supportsNotify() {
        return false;
    }

    /** Queues a notification on {@code channel}, delivered to every listener when the transaction commits. */
    default void notify(Connection connection, String channel, String payload) throws SQLException {
    }

    /**
     * What ends a SELECT that reads a row in order to change it: {@code FOR UPDATE} where several writers run
     * at once (PostgreSQL), nothing on SQLite, whose single writer already serialises writes.
     */
    String rowLock();

    /**
     * True where one writer runs every write in turn (SQLite), so a write's reads need no locks and may take the
     * shortest form; false where writers run at once and lock what they read in a fixed order (PostgreSQL).
     */
    default boolean oneWriter() {
        return false;
    }

    /**
     * What ends a SELECT of rows to claim, so that concurrent claimers on several nodes pass over each other's rows
     * instead of waiting: {@code FOR UPDATE SKIP LOCKED} on PostgreSQL, nothing on SQLite (one writer).
     */
    String skipLocked();

    /** Tunes a connection that writer threads keep for their lifetime; called before its first transaction. */
    default void prepareWriter(Connection connection) throws SQLException {
    }

    /**
     * Whether a committed batch whose writes ask for {@code durability} must still be synced to disk, through
     * {@link #syncCommitted}, before it is answered: the SQLite writer commits without syncing and its answer thread
     * syncs while the writer runs the next batch. PostgreSQL syncs each commit itself.
     */
    default boolean syncsAfterCommit(Durability durability) {
        return false;
    }

    /** Makes every commit written before this call durable on disk (see {@link #syncsAfterCommit}). */
    default void syncCommitted() throws IOException {
    }

    /**
     * True when any failed statement aborts the whole transaction (PostgreSQL), so a statement that may fail
     * recoverably needs a savepoint of its own; SQLite undoes only the failed statement.
     */
    boolean failedStatementAbortsTransaction();

    /** Short name for logs and metrics. */
    String name();
}
