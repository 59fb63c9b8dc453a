package dev.switchboard.core.testing;

import dev.switchboard.core.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Direct SQL against a host's database, for set-up the API cannot do yet and for counting rows. */
public final class Sql {
    private final DataSource dataSource;

    public Sql(TestHost host) {
        this(host.host().database());
    }

    public Sql(Database database) {
        this.dataSource = database.dataSource();
    }

    public int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count(String sql, Object... parameters) {
        return Long.parseLong(scalar(sql, parameters));
    }

    /** The first column of the first row, as text (null for SQL NULL). */
    public String scalar(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Defines a custom field as the operator API will. */
    public void customField(String id, String scope, String visibility, boolean required) {
        update("INSERT INTO custom_fields (id, label, scope, visibility, type, regexp, required, searchable, "
                + "default_value, options, is_public, updated_at) VALUES (?, ?, ?, ?, 'input', '', ?, 0, NULL, NULL, 0, 0)",
                id, id, scope, visibility, required);
    }

    public void department(String id, String name) {
        update("INSERT INTO departments (id, name, updated_at) VALUES (?, ?, 0)", id, name);
    }

    /** A user with no roles, as a department's agent needs one to exist. */
    public void user(String id, String username) {
        update("INSERT INTO users (id, username, roles, created_at, updated_at) VALUES (?, ?, '', 0, 0)", id, username);
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
