package dev.switchboard.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Each app's key-value store, one table for all apps with the app id in the key. Keys compare byte-wise on both
 * databases, so prefix scans are ranges.
 */
public final class AppKeyValueRows {
    private final Database database;
    private final Clock clock;

    public AppKeyValueRows(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public CompletableFuture<Optional<byte[]>> get(String appId, String key) {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT value FROM app_kv WHERE app_id = ? AND key = ?")) {
                statement.setString(1, appId);
                statement.setString(2, key);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    public CompletableFuture<Void> put(String appId, String key, byte[] value) {
        return database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO app_kv (app_id, key, value, updated_at) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT (app_id, key) DO UPDATE SET value = EXCLUDED.value, "
                            + "updated_at = EXCLUDED.updated_at")) {
                bind(statement, appId, key, value);
                statement.executeUpdate();
            }
            return null;
        });
    }

    /** True when the key was absent and is now stored. */
    public CompletableFuture<Boolean> putIfAbsent(String appId, String key, byte[] value) {
        return database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO app_kv (app_id, key, value, updated_at) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT DO NOTHING")) {
                bind(statement, appId, key, value);
                return statement.executeUpdate() == 1;
            }
        });
    }

    public CompletableFuture<Boolean> delete(String appId, String key) {
        return database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM app_kv WHERE app_id = ? AND key = ?")) {
                statement.setString(1, appId);
                statement.setString(2, key);
                return statement.executeUpdate() == 1;
            }
        });
    }

    /** Up to {@code limit} keys starting with {@code prefix}, ascending. */
    public CompletableFuture<List<String>> keys(String appId, String prefix, int limit) {
        return database.read(connection -> {
            String upper = upperBound(prefix);
            String sql = "SELECT key FROM app_kv WHERE app_id = ? AND key >= ?"
                    + (upper == null ? "" : " AND key < ?") + " ORDER BY key LIMIT ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = 1;
                statement.setString(index++, appId);
                statement.setString(index++, prefix);
                if (upper != null) {
                    statement.setString(index++, upper);
                }
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

    private void bind(PreparedStatement statement, String appId, String key, byte[] value)
            throws java.sql.SQLException {
        statement.setString(1, appId);
        statement.setString(2, key);
        statement.setBytes(3, value);
        statement.setLong(4, clock.millis());
    }
}
