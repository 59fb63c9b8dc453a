package dev.switchboard.core.store;

import dev.switchboard.core.department.Department;
import dev.switchboard.core.error.ApiError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Departments. Name uniqueness is the table's UNIQUE constraint; a clash is answered with 400. */
public final class JdbcDepartmentStore {
    private static final String COLUMNS =
            "id, name, enabled, show_on_registration, email, description, updated_at";

    private final Database database;

    public JdbcDepartmentStore(Database database) {
        this.database = database;
    }

    /** Departments whose name contains {@code text} (case-insensitive; null for all), by name. */
    public CompletableFuture<Page<Department>> list(String text, int offset, int count) {
        return database.read(connection -> {
            String where = text == null || text.isEmpty() ? "" : " WHERE lower(name) LIKE ? ESCAPE '\\'";
            String pattern = where.isEmpty() ? null
                    : "%" + LikePatterns.literal(text.toLowerCase(Locale.ROOT)) + "%";
            long total;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT COUNT(*) FROM departments" + where)) {
                if (pattern != null) {
                    statement.setString(1, pattern);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM departments" + where + " ORDER BY name, id LIMIT ? OFFSET ?")) {
                int i = 1;
                if (pattern != null) {
                    statement.setString(i++, pattern);
                }
                statement.setInt(i++, count);
                statement.setInt(i, offset);
                try (ResultSet rows = statement.executeQuery()) {
                    List<Department> items = new ArrayList<>();
                    while (rows.next()) {
                        items.add(read(rows));
                    }
                    return new Page<>(items, total);
                }
            }
        });
    }

    /** Every enabled department, by name: the ones the widget offers. */
    public CompletableFuture<List<Department>> enabled() {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM departments WHERE enabled = ? ORDER BY name, id")) {
                statement.setBoolean(1, true);
                try (ResultSet rows = statement.executeQuery()) {
                    List<Department> items = new ArrayList<>();
                    while (rows.next()) {
                        items.add(read(rows));
                    }
                    return items;
                }
            }
        });
    }

    public CompletableFuture<Optional<Department>> find(String id) {
        return database.read(connection -> find(connection, id));
    }

    public CompletableFuture<Department> create(Department department) {
        return database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO departments (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                bind(statement, department);
                statement.executeUpdate();
            } catch (SQLException e) {
                throw nameTakenOr(e, department.name());
            }
            return department;
        });
    }

    /** Replaces the department with {@code department.id()}; empty when there is none. */
    public CompletableFuture<Optional<Department>> update(Department department) {
        return database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE departments SET name = ?, enabled = ?, show_on_registration = ?, email = ?, "
                            + "description = ?, updated_at = ? WHERE id = ?")) {
                statement.setString(1, department.name());
                statement.setBoolean(2, department.enabled());
                statement.setBoolean(3, department.showOnRegistration());
                statement.setString(4, department.email());
                statement.setString(5, department.description());
                statement.setLong(6, department.updatedAt().toEpochMilli());
                statement.setString(7, department.id());
                return statement.executeUpdate() == 1 ? Optional.of(department) : Optional.empty();
            } catch (SQLException e) {
                throw nameTakenOr(e, department.name());
            }
        });
    }

    /** Removes a department; false when there was none. Visitors keep the id they registered with. */
    public CompletableFuture<Boolean> delete(String id) {
        return database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM departments WHERE id = ?")) {
                statement.setString(1, id);
                return statement.executeUpdate() == 1;
            }
        });
    }

    private SQLException nameTakenOr(SQLException e, String name) {
        if (database.dialect().isUniqueViolation(e)) {
            throw ApiError.meteor("error-duplicated-department-name",
                    "A department named '" + name + "' already exists");
        }
        return e;
    }

    private static Optional<Department> find(Connection connection, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM departments WHERE id = ?")) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    private static void bind(PreparedStatement statement, Department department) throws SQLException {
        statement.setString(1, department.id());
        statement.setString(2, department.name());
        statement.setBoolean(3, department.enabled());
        statement.setBoolean(4, department.showOnRegistration());
        statement.setString(5, department.email());
        statement.setString(6, department.description());
        statement.setLong(7, department.updatedAt().toEpochMilli());
    }

    private static Department read(ResultSet rows) throws SQLException {
        return new Department(rows.getString("id"), rows.getString("name"), rows.getBoolean("enabled"),
                rows.getBoolean("show_on_registration"), rows.getString("email"), rows.getString("description"),
                Instant.ofEpochMilli(rows.getLong("updated_at")));
    }
}
