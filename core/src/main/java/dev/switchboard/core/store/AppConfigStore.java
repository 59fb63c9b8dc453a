package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What operators decided about each app: its enable/disable choice and its setting values. Every change is
 * announced to the other nodes (PostgreSQL) when it commits, so they reload the app.
 */
public final class AppConfigStore {
    private final Database database;
    private final Clock clock;

    public AppConfigStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** The operator's last choice for the app ({@code manually_enabled}/{@code manually_disabled}), if any. */
    public CompletableFuture<Optional<String>> operatorStatus(String appId) {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT status FROM app_status WHERE app_id = ?")) {
                statement.setString(1, appId);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public CompletableFuture<Void> setOperatorStatus(String appId, String status) {
        return database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO app_status (app_id, status, updated_at) VALUES (?, ?, ?) "
                            + "ON CONFLICT (app_id) DO UPDATE SET status = EXCLUDED.status, "
                            + "updated_at = EXCLUDED.updated_at")) {
                statement.setString(1, appId);
                statement.setString(2, status);
                statement.setLong(3, clock.millis());
                statement.executeUpdate();
            }
            database.events().appChanged(connection, appId);
            return null;
        });
    }

    /** The app's stored setting values (only the ones that were set). */
    public CompletableFuture<Map<String, String>> settings(String appId) {
        return database.read(connection -> settings(connection, appId));
    }

    /** Sets ({@code value != null}) or clears ({@code null}) each setting, in one transaction. */
    public CompletableFuture<Map<String, String>> updateSettings(String appId, Map<String, String> changes) {
        return database.transactions().submit(connection -> {
            for (Map.Entry<String, String> change : changes.entrySet()) {
                if (change.getValue() == null) {
                    delete(connection, appId, change.getKey());
                } else {
                    upsert(connection, appId, change.getKey(), change.getValue());
                }
            }
            database.events().appChanged(connection, appId);
            return settings(connection, appId);
        });
    }

    private static Map<String, String> settings(Connection connection, String appId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT setting_id, value FROM app_settings WHERE app_id = ? ORDER BY setting_id")) {
            statement.setString(1, appId);
            try (ResultSet rows = statement.executeQuery()) {
                Map<String, String> values = new LinkedHashMap<>();
                while (rows.next()) {
                    values.put(rows.getString(1), rows.getString(2));
                }
                return values;
            }
        }
    }

    private void upsert(Connection connection, String appId, String settingId, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO app_settings (app_id, setting_id, value, updated_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (app_id, setting_id) DO UPDATE SET value = EXCLUDED.value, "
                        + "updated_at = EXCLUDED.updated_at")) {
            statement.setString(1, appId);
            statement.setString(2, settingId);
            statement.setString(3, value);
            statement.setLong(4, clock.millis());
            statement.executeUpdate();
        }
    }

    private static void delete(Connection connection, String appId, String settingId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM app_settings WHERE app_id = ? AND setting_id = ?")) {
            statement.setString(1, appId);
            statement.setString(2, settingId);
            statement.executeUpdate();
        }
    }
}
