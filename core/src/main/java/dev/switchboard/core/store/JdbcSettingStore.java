package dev.switchboard.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The host settings an admin changed, as JSON text by setting id. Every change is announced to the other nodes
 * (PostgreSQL) when it commits, so they reload it.
 */
public final class JdbcSettingStore {
    private final Database database;
    private final Clock clock;

    public JdbcSettingStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Every stored value (JSON text) by setting id. */
    public CompletableFuture<Map<String, String>> all() {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT id, value FROM settings");
                 ResultSet rows = statement.executeQuery()) {
                Map<String, String> values = new HashMap<>();
                while (rows.next()) {
                    values.put(rows.getString(1), rows.getString(2));
                }
                return values;
            }
        });
    }

    /** Stores one setting's value (JSON text), replacing the previous one. */
    public CompletableFuture<Void> put(String id, String json) {
        return database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO settings (id, value, updated_at) VALUES (?, ?, ?) "
                            + "ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at")) {
                statement.setString(1, id);
                statement.setString(2, json);
                statement.setLong(3, clock.millis());
                statement.executeUpdate();
            }
            database.events().settingChanged(connection, id);
            return null;
        });
    }
}
