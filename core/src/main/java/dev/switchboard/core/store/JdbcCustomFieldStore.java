package dev.switchboard.core.store;

import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.visitor.CustomFieldDefinition;
import dev.switchboard.core.visitor.Visitor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/** Custom field definitions, and writes of visitors' {@code livechatData} by token. */
public final class JdbcCustomFieldStore {
    /** What the public custom-field routes need to know before writing. */
    public record Lookup(boolean visitorExists, Map<String, CustomFieldDefinition> definitions) { }

    private final Database database;
    private final Clock clock;

    public JdbcCustomFieldStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Definitions whose id or label contains {@code text} (case-insensitive; null for all), by id. */
    public CompletableFuture<Page<CustomFieldDefinition>> list(String text, int offset, int count) {
        return database.read(connection -> {
            boolean filtered = text != null && !text.isEmpty();
            String where = filtered
                    ? " WHERE lower(id) LIKE ? ESCAPE '\\' OR lower(label) LIKE ? ESCAPE '\\'" : "";
            String pattern = filtered ? LikePatterns.containing(text) : null;
            long total;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT COUNT(*) FROM custom_fields" + where)) {
                if (filtered) {
                    statement.setString(1, pattern);
                    statement.setString(2, pattern);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + CustomFieldRows.SELECTED
                    + " FROM custom_fields" + where + " ORDER BY id LIMIT ? OFFSET ?")) {
                int i = 1;
                if (filtered) {
                    statement.setString(i++, pattern);
                    statement.setString(i++, pattern);
                }
                statement.setInt(i++, count);
                statement.setInt(i, offset);
                try (ResultSet rows = statement.executeQuery()) {
                    List<CustomFieldDefinition> items = new ArrayList<>();
                    while (rows.next()) {
                        items.add(CustomFieldRows.read(rows));
                    }
                    return new Page<>(items, total);
                }
            }
        });
    }

    public CompletableFuture<Optional<CustomFieldDefinition>> find(String id) {
        return database.read(connection -> {
            Map<String, CustomFieldDefinition> found = byIds(connection, List.of(id));
            return Optional.ofNullable(found.get(id));
        });
    }

    /**
     * Creates {@code field} when {@code existingId} is null (its id must be free), else updates the field
     * {@code existingId} (which must exist) keeping its id.
     */
    public CompletableFuture<CustomFieldDefinition> save(String existingId, CustomFieldDefinition field) {
        long now = clock.millis();
        return database.transactions().submit(connection -> {
            if (existingId == null) {
                try (PreparedStatement statement = connection.prepareStatement("INSERT INTO custom_fields ("
                        + CustomFieldRows.COLUMNS + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    bind(statement, field, now);
                    statement.executeUpdate();
                } catch (SQLException e) {
                    if (database.dialect().isUniqueViolation(e)) {
                        throw ApiError.meteor("error-custom-field-already-exists", "Custom Field already exists");
                    }
                    throw e;
                }
                return field.saved(field.id(), Instant.ofEpochMilli(now));
            }
            CustomFieldDefinition saved = field.saved(existingId, Instant.ofEpochMilli(now));
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE custom_fields SET label = ?, scope = ?, visibility = ?, type = ?, regexp = ?, "
                            + "required = ?, searchable = ?, default_value = ?, options = ?, is_public = ?, "
                            + "updated_at = ? WHERE id = ?")) {
                statement.setString(1, saved.label());
                statement.setString(2, saved.scope());
                statement.setString(3, saved.visibility());
                statement.setString(4, saved.type());
                statement.setString(5, saved.regexp());
                statement.setBoolean(6, saved.required());
                statement.setBoolean(7, saved.searchable());
                statement.setString(8, saved.defaultValue());
                statement.setString(9, saved.options());
                statement.setBoolean(10, saved.isPublic());
                statement.setLong(11, now);
                statement.setString(12, existingId);
                if (statement.executeUpdate() == 0) {
                    throw ApiError.meteor("error-invalid-custom-field", "Custom Field Not found");
                }
            }
            return saved;
        });
    }

    /** Removes a definition; false when there was none. Values already in visitors' livechatData stay. */
    public CompletableFuture<Boolean> delete(String id) {
        return database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM custom_fields WHERE id = ?")) {
                statement.setString(1, id);
                return statement.executeUpdate() == 1;
            }
        });
    }

    /** Whether a live visitor holds {@code token}, and the definitions of {@code keys} that exist. */
    public CompletableFuture<Lookup> lookup(String token, Collection<String> keys) {
        return database.read(connection -> new Lookup(
                VisitorRows.findLive(connection, "token = ?", token).isPresent(), byIds(connection, keys)));
    }

    /**
     * Replaces the livechatData of the live visitor holding {@code token} with {@code change} of it, in one
     * transaction, and answers the visitor as written. Empty when no live visitor holds the token (any more).
     */
    public CompletableFuture<Optional<Visitor>> updateLivechatData(String token,
                                                                   UnaryOperator<Map<String, String>> change) {
        return database.transactions().submit(connection -> {
            Optional<Visitor> found = VisitorRows.lockLive(connection, database.dialect(), "token = ?", token);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Visitor visitor = found.get();
            Map<String, String> next = change.apply(visitor.livechatData());
            if (next.equals(visitor.livechatData())) {
                return found;
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE visitors SET livechat_data = " + database.dialect().jsonParameter()
                            + ", updated_at = ? WHERE id = ? AND erased_at IS NULL")) {
                statement.setString(1, JsonColumns.write(next));
                statement.setLong(2, clock.millis());
                statement.setString(3, visitor.id());
                statement.executeUpdate();
            }
            database.events().tokensChanged(connection, token);
            return VisitorRows.findLive(connection, "id = ?", visitor.id());
        });
    }

    private static Map<String, CustomFieldDefinition> byIds(Connection connection, Collection<String> ids)
            throws SQLException {
        Map<String, CustomFieldDefinition> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        String markers = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + CustomFieldRows.SELECTED + " FROM custom_fields WHERE id IN (" + markers + ")")) {
            int i = 1;
            for (String id : ids) {
                statement.setString(i++, id);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    CustomFieldDefinition definition = CustomFieldRows.read(rows);
                    found.put(definition.id(), definition);
                }
            }
        }
        return found;
    }

    private static void bind(PreparedStatement statement, CustomFieldDefinition field, long now)
            throws SQLException {
        statement.setString(1, field.id());
        statement.setString(2, field.label());
        statement.setString(3, field.scope());
        statement.setString(4, field.visibility());
        statement.setString(5, field.type());
        statement.setString(6, field.regexp());
        statement.setBoolean(7, field.required());
        statement.setBoolean(8, field.searchable());
        statement.setString(9, field.defaultValue());
        statement.setString(10, field.options());
        statement.setBoolean(11, field.isPublic());
        statement.setLong(12, now);
    }
}
