package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Each app's key-value store, one table for all apps with the app id in the key. Keys compare byte-wise on both
 * databases, so prefix scans are ranges. A row whose {@code expires_at} has passed reads as absent; every write
 * with an expiry deletes up to {@link #PURGE_BATCH} expired rows of its app, so expired rows go at the rate new
 * ones come.
 */
public final class AppKeyValueRows {
    /** Expired rows one write with an expiry deletes. More than one, so a backlog drains. */
    static final int PURGE_BATCH = 16;
    private static final String LIVE = " AND (expires_at IS NULL OR expires_at > ?)";
    private static final String INSERT = "INSERT INTO app_kv (app_id, key, value, updated_at, expires_at) VALUES ";
    private static final String ROW = "(?, ?, ?, ?, ?)";
    private static final String REPLACING = " ON CONFLICT (app_id, key) DO UPDATE SET value = EXCLUDED.value, "
            + "updated_at = EXCLUDED.updated_at, expires_at = EXCLUDED.expires_at";
    private static final String UPSERT = INSERT + ROW + REPLACING;
    private final Database database;
    private final Clock clock;

    public AppKeyValueRows(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public CompletableFuture<Optional<byte[]>> get(String appId, String key) {
        return getAll(appId, List.of(key)).thenApply(found -> Optional.ofNullable(found.get(key)));
    }

    public CompletableFuture<Void> put(String appId, String key, byte[] value) {
        return put(appId, key, value, 0);
    }

    /**
     * Stores a value that reads as absent {@code ttlMillis} from now; 0 stores it without expiry. Puts that wait for
     * the writer together (each webhook delivery an app stores, say) are written as one multi-row upsert.
     */
    public CompletableFuture<Void> put(String appId, String key, byte[] value, long ttlMillis) {
        return database.transactions().submit(puts, new Put(appId, key, value, ttlMillis), Durability.SYNCED);
    }

    /** One {@link #put}. */
    record Put(String appId, String key, byte[] value, long ttlMillis) { }

    /**
     * Single puts as a group kind: alone, an upsert; together, multi-row upserts over {@link InLists#powerOfTwoRuns}
     * instead of an upsert and a savepoint each. A key put twice in the group declines it (one statement may not
     * change a row twice on PostgreSQL), and each put then runs alone, in order. Each put with an expiry purges as
     * it would alone.
     */
    final TransactionQueue.GroupWork<Put, Void> puts = new TransactionQueue.GroupWork<>() {
        @Override
        public Void runOne(Connection connection, Put put) throws SQLException {
            long now = clock.millis();
            upsert(connection, List.of(put), now);
            purgeExpired(connection, put.appId(), now, put.ttlMillis());
            return null;
        }

        @Override
        public Optional<List<Void>> runAll(Connection connection, List<Put> group) throws SQLException {
            Set<List<String>> keys = new HashSet<>();
            for (Put put : group) {
                if (!keys.add(List.of(put.appId(), put.key()))) {
                    return Optional.empty();
                }
            }
            long now = clock.millis();
            upsert(connection, group, now);
            for (Put put : group) {
                purgeExpired(connection, put.appId(), now, put.ttlMillis());
            }
            return Optional.of(Collections.nCopies(group.size(), null));
        }
    };

    /**
     * Stores every value without expiry, in one transaction: all of them or none; multi-row upserts over
     * {@link InLists#powerOfTwoRuns} (the keys of a map are distinct, as one upsert needs).
     */
    public CompletableFuture<Void> putAll(String appId, Map<String, byte[]> values) {
        List<Put> entries = values.entrySet().stream()
                .map(entry -> new Put(appId, entry.getKey(), entry.getValue(), 0)).toList();
        return database.transactions().submit(connection -> {
            upsert(connection, entries, clock.millis());
            return null;
        });
    }

    /**
     * Upserts {@code puts} (no key twice: one statement may not change a row twice on PostgreSQL) with multi-row
     * statements over {@link InLists#powerOfTwoRuns}; one put is the plain {@link #UPSERT}.
     */
    private static void upsert(Connection connection, List<Put> puts, long now) throws SQLException {
        for (List<Put> run : InLists.powerOfTwoRuns(puts)) {
            try (PreparedStatement statement = connection.prepareStatement(INSERT
                    + InLists.rows(ROW, run.size()) + REPLACING)) {
                int first = 1;
                for (Put put : run) {
                    first = bind(statement, first, put.appId(), put.key(), put.value(), now, put.ttlMillis());
                }
                statement.executeUpdate();
            }
        }
    }

    /** The live values of those keys that exist, by key, in one read. */
    public CompletableFuture<Map<String, byte[]>> getAll(String appId, Collection<String> keys) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(keys));
        if (distinct.isEmpty()) {
            return CompletableFuture.completedFuture(new LinkedHashMap<>());
        }
        return database.read(connection -> {
            List<String> binds = InLists.padded(distinct);
            Map<String, byte[]> values = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT key, value FROM app_kv WHERE "
                    + "key IN (" + InLists.markers(binds.size()) + ") AND app_id = ?" + LIVE)) {
                int index = InLists.bind(statement, 1, binds);
                statement.setString(index++, appId);
                statement.setLong(index, clock.millis());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        values.put(rows.getString(1), rows.getBytes(2));
                    }
                }
            }
            return AskedOrder.of(distinct, values);
        });
    }

    /** True when the key was absent (or expired) and is now stored, without expiry. */
    public CompletableFuture<Boolean> putIfAbsent(String appId, String key, byte[] value) {
        return putIfAbsent(appId, key, value, 0);
    }

    /**
     * True when the key was absent or expired and is now stored, expiring {@code ttlMillis} from now (0: never).
     * One statement, so concurrent calls for one key store exactly one value: an expired row is overwritten in
     * place by the upsert's guarded update, a live one is left alone.
     */
    public CompletableFuture<Boolean> putIfAbsent(String appId, String key, byte[] value, long ttlMillis) {
        return database.transactions().submit(connection -> {
            long now = clock.millis();
            boolean stored;
            try (PreparedStatement statement = connection.prepareStatement(
                    UPSERT + " WHERE app_kv.expires_at IS NOT NULL AND app_kv.expires_at <= ?")) {
                bind(statement, appId, key, value, now, ttlMillis);
                statement.setLong(6, now);
                stored = statement.executeUpdate() == 1;
            }
            purgeExpired(connection, appId, now, ttlMillis);
            return stored;
        });
    }

    /** Deletes every key of the app starting with {@code prefix}; answers how many of them had not expired. */
    public CompletableFuture<Integer> deletePrefix(String appId, String prefix) {
        return database.transactions().submit(connection -> {
            long now = clock.millis();
            String upper = upperBound(prefix);
            String range = "app_id = ? AND key >= ?" + (upper == null ? "" : " AND key < ?");
            int live;
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM app_kv WHERE " + range + LIVE)) {
                statement.setLong(bindRange(statement, appId, prefix, upper), now);
                live = statement.executeUpdate();
            }
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM app_kv WHERE " + range)) {
                bindRange(statement, appId, prefix, upper);
                statement.executeUpdate();
            }
            return live;
        });
    }

    public CompletableFuture<Boolean> delete(String appId, String key) {
        return deleteAll(appId, List.of(key)).thenApply(live -> live == 1);
    }

    /** Deletes the keys in one transaction; answers how many of them existed unexpired (a repeat counts once). */
    public CompletableFuture<Integer> deleteAll(String appId, Collection<String> keys) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(keys));
        return database.transactions().submit(connection -> {
            if (distinct.isEmpty()) {
                return 0;
            }
            List<String> binds = InLists.padded(distinct);
            int live = 0;
            // An expired row goes too, but does not count as existing.
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM app_kv WHERE key IN ("
                    + InLists.markers(binds.size()) + ") AND app_id = ? RETURNING expires_at")) {
                statement.setString(InLists.bind(statement, 1, binds), appId);
                try (ResultSet rows = statement.executeQuery()) {
                    long now = clock.millis();
                    while (rows.next()) {
                        long expiresAt = rows.getLong(1);
                        live += rows.wasNull() || expiresAt > now ? 1 : 0;
                    }
                }
            }
            return live;
        });
    }

    /** Up to {@code limit} keys starting with {@code prefix}, ascending. */
    public CompletableFuture<List<String>> keys(String appId, String prefix, int limit) {
        return database.read(connection -> {
            String upper = upperBound(prefix);
            String sql = "SELECT key FROM app_kv WHERE app_id = ? AND key >= ?"
                    + (upper == null ? "" : " AND key < ?") + LIVE + " ORDER BY key LIMIT ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = bindRange(statement, appId, prefix, upper);
                statement.setLong(index++, clock.millis());
                statement.setInt(index, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    List<String> keys = new ArrayList<>();
                    while (rows.next()) {
                        keys.add(rows.getString(1));
                    }
                    return keys;
                }
            }
        });
    }

    /** The smallest string greater than every string that starts with {@code prefix}, or null for "none". */
    static String upperBound(String prefix) {
        for (int i = prefix.length() - 1; i >= 0; i--) {
            char c = prefix.charAt(i);
            if (c != Character.MAX_VALUE) {
                return prefix.substring(0, i) + (char) (c + 1);
            }
        }
        return null;
    }

    /** Binds app id, prefix and (when not null) the upper bound from index 1; answers the next index. */
    private static int bindRange(PreparedStatement statement, String appId, String prefix, String upper)
            throws SQLException {
        int index = 1;
        statement.setString(index++, appId);
        statement.setString(index++, prefix);
        if (upper != null) {
            statement.setString(index++, upper);
        }
        return index;
    }

    /** Deletes a few of the app's expired rows, when this write itself set an expiry (writes without one stay lean). */
    private static void purgeExpired(Connection connection, String appId, long now, long ttlMillis)
            throws SQLException {
        if (ttlMillis <= 0) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM app_kv WHERE app_id = ? AND key IN (SELECT key FROM app_kv WHERE app_id = ?"
                        + " AND expires_at IS NOT NULL AND expires_at <= ? LIMIT " + PURGE_BATCH + ")")) {
            statement.setString(1, appId);
            statement.setString(2, appId);
            statement.setLong(3, now);
            statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, String appId, String key, byte[] value, long now,
                             long ttlMillis) throws SQLException {
        bind(statement, 1, appId, key, value, now, ttlMillis);
    }

    /** Binds one {@link #ROW} from parameter {@code first} on; answers the next free parameter index. */
    private static int bind(PreparedStatement statement, int first, String appId, String key, byte[] value, long now,
                            long ttlMillis) throws SQLException {
        statement.setString(first, appId);
        statement.setString(first + 1, key);
        statement.setBytes(first + 2, value);
        statement.setLong(first + 3, now);
        if (ttlMillis > 0) {
            statement.setLong(first + 4, now + ttlMillis);
        } else {
            statement.setNull(first + 4, Types.BIGINT);
        }
        return first + 5;
    }
}
