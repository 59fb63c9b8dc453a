package dev.switchboard.core.store;

import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.Visitor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads visitors and their external ids from rows; shared by every query that returns visitors. */
final class VisitorRows {
    static final String COLUMNS =
            "id, token, username, name, email, phone, department, status, livechat_data, ts, updated_at";

    private VisitorRows() { }

    /** The first live visitor matching {@code condition} (a WHERE fragment with one bind marker). */
    static Optional<Visitor> findLive(Connection connection, String condition, String value) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM visitors WHERE erased_at IS NULL AND " + condition;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Visitor visitor = read(rows);
                return Optional.of(visitor.withExternalIds(externalIds(connection, visitor.id())));
            }
        }
    }

    /**
     * {@link #findLive}, locking the row until the transaction ends: for reads whose result a write is built from,
     * so concurrent writers to one visitor (PostgreSQL) take turns instead of overwriting each other.
     */
    static Optional<Visitor> lockLive(Connection connection, SqlDialect dialect, String condition, String value)
            throws SQLException {
        return findLive(connection, condition + dialect.rowLock(), value);
    }

    /** Reads a row selected as {@link #COLUMNS} first, by position (SQLite's driver looks labels up per result). */
    static Visitor read(ResultSet rows) throws SQLException {
        return new Visitor(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                rows.getString(5),
                rows.getString(6),
                rows.getString(7),
                rows.getString(8),
                JsonColumns.readStrings(rows.getString(9)),
                List.of(),
                Instant.ofEpochMilli(rows.getLong(10)),
                Instant.ofEpochMilli(rows.getLong(11)));
    }

    static List<ExternalId> externalIds(Connection connection, String visitorId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT app_id, entity_id, metadata FROM external_ids WHERE visitor_id = ? "
                        + "ORDER BY created_at, app_id, entity_id")) {
            statement.setString(1, visitorId);
            try (ResultSet rows = statement.executeQuery()) {
                List<ExternalId> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(new ExternalId(rows.getString(1), rows.getString(2),
                            JsonColumns.readObjects(rows.getString(3))));
                }
                return ids;
            }
        }
    }
}
