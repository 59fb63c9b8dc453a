package dev.switchboard.core.store;

import dev.switchboard.core.secret.SecretBox;
import dev.switchboard.core.secret.SecretKeyException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What operators decided about each app: its enable/disable choice and its setting values. Every change is
 * announced to the other nodes (PostgreSQL) when it commits, so they reload the app.
 *
 * <p>Setting values are encrypted at rest, every one of them (the store does not know which an app declared
 * secret, and a value is rarely read): {@link SecretBox} with the app id and setting id as associated data, so a
 * value moved to another app's row does not open.
 */
public final class AppConfigStore {
    /** The sealed known text whose row proves the key is the one the stored values were encrypted with. */
    private static final String KEY_CHECK = "switchboard secret key check";
    private static final String KEY_CHECK_CONTEXT = "secret_key_check";

    private final Database database;
    private final Clock clock;
    private final SecretBox box;

    public AppConfigStore(Database database, Clock clock, SecretBox box) {
        this.database = database;
        this.clock = clock;
        this.box = box;
    }

    /**
     * The start-up step for secrets at rest, in one transaction. On the first start with encryption (no key check
     * row yet) it encrypts the setting values stored in plain text by earlier versions and stores the key check;
     * later it proves the key opens every stored value and the check. Several nodes starting at once are
     * serialised by the check row's primary key.
     *
     * @return how many plain-text values were encrypted (0 except on the upgrade)
     * @throws SecretKeyException naming the first setting the key does not open
     */
    public int checkSecrets() {
        // Like a migration: once, before the host serves, on a connection of its own (the writers' connections
        // are for requests).
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                int encrypted = checkSecrets(connection);
                connection.commit();
                return encrypted;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check the stored app secrets: " + e.getMessage(), e);
        }
    }

    private int checkSecrets(Connection connection) throws SQLException {
        if (insertKeyCheck(connection)) {
            return encryptPlainValues(connection);
        }
        for (String[] row : allValues(connection)) {
            try {
                box.open(row[2], context(row[0], row[1]));
            } catch (SecretKeyException e) {
                throw new SecretKeyException("The secret key cannot decrypt app setting " + row[0] + "/" + row[1]
                        + " (" + e.getMessage() + "): start with the key it was stored with");
            }
        }
        try {
            box.open(storedKeyCheck(connection), KEY_CHECK_CONTEXT);
        } catch (SecretKeyException e) {
            throw new SecretKeyException("The secret key is not the one this database's secrets were "
                    + "encrypted with: start with that key (every node needs the same one)");
        }
        return 0;
    }

    private boolean insertKeyCheck(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO secret_key_check (id, sealed) VALUES (1, ?) ON CONFLICT (id) DO NOTHING")) {
            statement.setString(1, box.seal(KEY_CHECK, KEY_CHECK_CONTEXT));
            return statement.executeUpdate() == 1;
        }
    }

    private static String storedKeyCheck(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT sealed FROM secret_key_check WHERE id = 1");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }

    private int encryptPlainValues(Connection connection) throws SQLException {
        List<String[]> plain = allValues(connection);
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE app_settings SET value = ? WHERE app_id = ? AND setting_id = ?")) {
            for (String[] row : plain) {
                statement.setString(1, box.seal(row[2], context(row[0], row[1])));
                statement.setString(2, row[0]);
                statement.setString(3, row[1]);
                statement.executeUpdate();
            }
        }
        return plain.size();
    }

    /** Every stored setting as {app id, setting id, value as stored}. */
    private static List<String[]> allValues(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT app_id, setting_id, value FROM app_settings ORDER BY app_id, setting_id");
             ResultSet rows = statement.executeQuery()) {
            List<String[]> values = new ArrayList<>();
            while (rows.next()) {
                values.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3)});
            }
            return values;
        }
    }

    /** The associated data of one setting's value: where it belongs. */
    private static String context(String appId, String settingId) {
        return "app_settings\0" + appId + "\0" + settingId;
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

    private Map<String, String> settings(Connection connection, String appId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT setting_id, value FROM app_settings WHERE app_id = ? ORDER BY setting_id")) {
            statement.setString(1, appId);
            try (ResultSet rows = statement.executeQuery()) {
                Map<String, String> values = new LinkedHashMap<>();
                while (rows.next()) {
                    String settingId = rows.getString(1);
                    values.put(settingId, box.open(rows.getString(2), context(appId, settingId)));
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
            statement.setString(3, box.seal(value, context(appId, settingId)));
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
