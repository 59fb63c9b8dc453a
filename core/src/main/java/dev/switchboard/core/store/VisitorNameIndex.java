package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps SQLite's {@code visitor_names} (migration V20: an FTS5 trigram index of visitors' lowered name and
 * username) caught up with new visitors after the fact, so that registrations do not pay for it: indexing in
 * bulk costs the writer ~3 µs a visitor, a trigger on every registration 40–170 µs (docs/performance.md).
 *
 * <p>Every second a reader checks whether visitors exist past {@code visitor_names_state.up_to}; if so, the writer
 * indexes the next {@value #BATCH} in one transaction and records the last rowid done, and the next slice follows
 * as soon as that one committed, queued behind the requests' own transactions, until none is left (a backlog such
 * as the first start after the upgrade is worked off in writer-sized slices). A search matches the rows past
 * {@code up_to} with a plain scan of that short tail ({@link SqliteDialect#nameOrUsernameContains}), so results
 * never wait for this. Visitors are never deleted, so rowids only grow and "past up_to" is exactly "not indexed".
 */
final class VisitorNameIndex {
    static final int BATCH = 250;
    private static final Logger LOG = LoggerFactory.getLogger(VisitorNameIndex.class);

    private final Database database;
    private final AtomicBoolean working = new AtomicBoolean();

    VisitorNameIndex(Database database) {
        this.database = database;
    }

    /** Starts working off the visitors not yet indexed, unless that is already under way or none are left. */
    void catchUp() {
        if (!working.compareAndSet(false, true)) {
            return;
        }
        database.read(VisitorNameIndex::behind).thenCompose(behind -> behind ? nextSlices()
                : CompletableFuture.completedFuture(null)).whenComplete((done, failure) -> {
                    working.set(false);
                    if (failure != null) {
                        LOG.debug("Indexing visitor names failed (tried again in a second): {}", failure.toString());
                    }
                });
    }

    private CompletableFuture<Void> nextSlices() {
        // Nothing to lose in a crash: the slice and up_to commit together, and a lost slice is indexed again.
        return database.transactions().submit(VisitorNameIndex::indexSlice, Durability.CRASH_SAFE).thenCompose(more -> more
                ? nextSlices() : CompletableFuture.completedFuture(null));
    }

    /** True when some visitor is not indexed yet. */
    static boolean behind(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM visitors "
                + "WHERE rowid > (SELECT up_to FROM visitor_names_state))");
             ResultSet rows = statement.executeQuery()) {
            return rows.next() && rows.getBoolean(1);
        }
    }

    /** Indexes up to {@value #BATCH} visitors past {@code up_to}, in rowid order; answers whether more may remain. */
    static boolean indexSlice(Connection connection) throws SQLException {
        long upTo;
        try (PreparedStatement statement = connection.prepareStatement("SELECT up_to FROM visitor_names_state");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            upTo = rows.getLong(1);
        }
        long last;
        int count;
        try (PreparedStatement statement = connection.prepareStatement("SELECT max(rowid), count(*) FROM "
                + "(SELECT rowid FROM visitors WHERE rowid > ? ORDER BY rowid LIMIT ?)")) {
            statement.setLong(1, upTo);
            statement.setInt(2, BATCH);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                last = rows.getLong(1);
                count = rows.getInt(2);
            }
        }
        if (count == 0) {
            return false;
        }
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO visitor_names "
                + "(rowid, name, username) SELECT rowid, lower(name), lower(username) FROM visitors "
                + "WHERE rowid > ? AND rowid <= ?")) {
            statement.setLong(1, upTo);
            statement.setLong(2, last);
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE visitor_names_state SET up_to = ?")) {
            statement.setLong(1, last);
            statement.executeUpdate();
        }
        return count == BATCH;
    }
}
