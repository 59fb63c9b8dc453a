package dev.switchboard.core.store;

import dev.switchboard.core.config.SqliteSync;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;

/** Embedded SQLite (WAL). A single writer, so the counter row needs no more than UPDATE … RETURNING. */
final class SqliteDialect implements SqlDialect {
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_CONSTRAINT = 19;

    private final SqliteSync sync;
    private final WalSync walSync;

    /** {@code walSync} syncs the database's log for the commits {@code sync} wants synced. */
    SqliteDialect(SqliteSync sync, WalSync walSync) {
        this.sync = sync;
        this.walSync = walSync;
    }

    @Override
    public String jsonParameter() {
        return "?";
    }

    @Override
    public long[] nextGuestNumbers(Connection connection, int count) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE counters SET value = value + ? WHERE name = 'guest' RETURNING value")) {
            statement.setInt(1, count);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                long last = rows.getLong(1);
                return LongStream.rangeClosed(last - count + 1, last).toArray();
            }
        }
    }

    @Override
    public String migrationLocation() {
        return "classpath:db/migration/sqlite";
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return (e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT && String.valueOf(e.getMessage()).contains("UNIQUE");
    }

    @Override
    public boolean isTransient(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == SQLITE_BUSY || code == SQLITE_LOCKED;
    }

    @Override
    public boolean isConnectionFailure(SQLException e) {
        return e.getErrorCode() == 0 && e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    /**
     * The writer does not checkpoint the WAL at every 1,000 pages as SQLite would (see {@link WalCheckpoints}). It keeps
     * SQLite's default page cache: at every commit SQLite walks the cache's hash table (its page-cache truncate), so a
     * 64 MiB cache cost the writer ~20% of its CPU, more than its hits saved even on 1,000,000 visitors. It commits
     * without syncing; the commits that must be synced are synced after it, off its thread ({@link WalSync}).
     */
    @Override
    public void prepareWriter(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint=0");
            statement.execute("PRAGMA temp_store=MEMORY");
            statement.execute("PRAGMA synchronous=NORMAL");
        }
    }

    /** Every commit with {@code --sqlite-sync full}; with {@code apps}, a batch that holds a synced write. */
    @Override
    public boolean syncsAfterCommit(Durability durability) {
        return sync == SqliteSync.FULL || sync == SqliteSync.APPS && durability == Durability.SYNCED;
    }

    @Override
    public void syncCommitted() throws IOException {
        walSync.sync();
    }

    /**
     * Through the FTS5 trigram table {@code visitor_names} (V20) for a term of 3 characters or more: the lowered
     * term as one phrase of trigrams is a substring of the lowered name or username, the same matches as
     * {@code lower(x) LIKE}. Visitors not indexed yet ({@link VisitorNameIndex}: the rowids past {@code up_to}, a
     * short tail) are matched with LIKE. A shorter term holds no trigram and scans, as before.
     */
    @Override
    public String nameOrUsernameContains(String term, List<String> binds) {
        if (!indexed(term)) {
            return nameOrUsernameLike(term, binds);
        }
        binds.add(phrase(term));
        return "rowid IN (SELECT rowid FROM visitor_names WHERE visitor_names MATCH ?) OR rowid > (SELECT up_to "
                + "FROM visitor_names_state) AND (" + nameOrUsernameLike(term, binds) + ")";
    }

    /**
     * The indexed matches straight from {@code visitor_names}, without reading a visitor: an erased visitor's row
     * there holds no trigram (erasure sets name and username to NULL, and the index follows by its trigger or
     * when it reaches the row), so every match is a live visitor. Then the tail not yet indexed, with LIKE.
     * Counting 1,000,000 matches this way reads no table row.
     */
    @Override
    public String nameOrUsernameMatchRows(String term, List<String> binds) {
        if (!indexed(term)) {
            return SqlDialect.super.nameOrUsernameMatchRows(term, binds);
        }
        binds.add(phrase(term));
        return "SELECT 1 FROM visitor_names WHERE visitor_names MATCH ? UNION ALL SELECT 1 FROM visitors "
                + "WHERE rowid > (SELECT up_to FROM visitor_names_state) AND erased_at IS NULL AND ("
                + nameOrUsernameLike(term, binds) + ")";
    }

    /**
     * Without {@code lower()}: SQLite's LIKE folds the case of ASCII letters, and of nothing else, exactly as its
     * {@code lower()} does, so for the lowered pattern {@code x LIKE} holds where {@code lower(x) LIKE} does; a scan
     * of 1,000,000 visitors costs less than half as much without copying every value through {@code lower()}.
     */
    @Override
    public String nameOrUsernameLike(String term, List<String> binds) {
        binds.add(LikePatterns.containing(term));
        binds.add(LikePatterns.containing(term));
        return "name LIKE ? ESCAPE '\\' OR username LIKE ? ESCAPE '\\'";
    }

    /** True when the lowered term holds a trigram. */
    private static boolean indexed(String term) {
        String lowered = term.toLowerCase(Locale.ROOT);
        return lowered.codePointCount(0, lowered.length()) >= 3;
    }

    /** The lowered term as one FTS5 phrase (a string in double quotes, quotes doubled): its trigrams in a row. */
    private static String phrase(String term) {
        return '"' + term.toLowerCase(Locale.ROOT).replace("\"", "\"\"") + '"';
    }

    @Override
    public boolean oneWriter() {
        return true;
    }

    @Override
    public String rowLock() {
        return "";
    }

    @Override
    public String skipLocked() {
        return "";
    }

    @Override
    public boolean failedStatementAbortsTransaction() {
        return false;
    }

    @Override
    public String name() {
        return "sqlite";
    }
}
