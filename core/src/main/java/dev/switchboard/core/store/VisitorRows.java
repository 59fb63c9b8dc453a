package dev.switchboard.core.store;

import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.Visitor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads visitors and their external ids from rows; shared by every query that returns visitors. */
final class VisitorRows {
    static final String COLUMNS =
            "id, token, username, name, email, phone, department, status, livechat_data, ts, updated_at, last_chat_id, "
                    + "last_chat_ts";
    private static final int COLUMN_COUNT = 13;
    /** Where several live visitors match (they may share an email), the oldest one, by ts, then id, is the one. */
    private static final String OLDEST = " ORDER BY ts, id LIMIT 1";

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

    /** {@link #lockLive} by email: the oldest live visitor with it. */
    static Optional<Visitor> lockOldestLiveByEmail(Connection connection, SqlDialect dialect, String email)
            throws SQLException {
        return lockLive(connection, dialect, "email = ?" + OLDEST, email);
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
                Instant.ofEpochMilli(rows.getLong(11)),
                lastChat(rows.getString(12), rows.getLong(13)));
    }

    private static Visitor.LastChat lastChat(String rid, long ts) {
        return rid == null ? null : new Visitor.LastChat(rid, Instant.ofEpochMilli(ts));
    }

    static List<ExternalId> externalIds(Connection connection, String visitorId) throws SQLException {
        return externalIds(connection, List.of(visitorId)).getOrDefault(visitorId, List.of());
    }

    /**
     * For each of {@code values}, the live visitor whose {@code column} holds it, keyed by the value, locked like
     * {@link #lockLive}, without external ids. For columns that hold each value at most once (token,
     * phone_digits): one index probe per value, where {@link #lockOldestLive}'s ordering would cost a subquery each.
     */
    static Map<String, Visitor> lockLiveByUnique(Connection connection, SqlDialect dialect, String column,
                                                 Collection<String> values) throws SQLException {
        if (values.isEmpty()) {
            return Map.of();
        }
        List<String> binds = InLists.padded(values);
        String sql = "SELECT " + COLUMNS + ", " + column + " FROM visitors WHERE erased_at IS NULL AND " + column
                + " IN (" + InLists.markers(binds.size()) + ")" + dialect.rowLock();
        return keyedByValue(connection, sql, binds);
    }

    /**
     * For each of {@code values}, the live visitor whose {@code column} (e.g. email) holds it, the oldest (by ts,
     * then id) where several do, as {@link #lockLive} would find it one value at a time: keyed by the value, locked
     * like it, without external ids. One row per value is read (and locked), however many visitors share an email.
     */
    static Map<String, Visitor> lockOldestLive(Connection connection, SqlDialect dialect, String column,
                                               Collection<String> values) throws SQLException {
        if (values.isEmpty()) {
            return Map.of();
        }
        List<String> binds = InLists.padded(values);
        // VALUES names its column column1 on both databases.
        String oldestPerValue = "SELECT id FROM visitors WHERE erased_at IS NULL AND " + column + " = k.column1"
                + OLDEST;
        String sql = "SELECT " + COLUMNS + ", " + column + " FROM visitors WHERE id IN (SELECT (" + oldestPerValue
                + ") FROM (VALUES " + InLists.valueRows(binds.size()) + ") AS k)" + dialect.rowLock();
        return keyedByValue(connection, sql, binds);
    }

    /** The live visitors among {@code ids}, by id, with their external ids: two queries however many. */
    static Map<String, Visitor> findLiveByIds(Connection connection, Collection<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<String> binds = InLists.padded(ids);
        return withExternalIds(connection, keyedByValue(connection, "SELECT " + COLUMNS + ", id FROM visitors WHERE "
                + "erased_at IS NULL AND id IN (" + InLists.markers(binds.size()) + ")", binds));
    }

    /**
     * For each of {@code entityIds} that a live visitor holds as an external id of app {@code appId}, that visitor
     * with its external ids, keyed by the entity id: two queries, however many ids.
     */
    static Map<String, Visitor> findLiveByExternalIds(Connection connection, String appId,
                                                      Collection<String> entityIds) throws SQLException {
        if (entityIds.isEmpty()) {
            return Map.of();
        }
        List<String> binds = new ArrayList<>(InLists.padded(entityIds));
        binds.add(appId);
        return withExternalIds(connection, keyedByValue(connection, "SELECT " + COLUMNS + ", e.entity_id FROM "
                + "external_ids e JOIN visitors ON visitors.id = e.visitor_id WHERE e.entity_id IN ("
                + InLists.markers(binds.size() - 1) + ") AND e.app_id = ? AND erased_at IS NULL", binds));
    }

    /** {@code found}'s visitors with their external ids (one query), keyed as they are. */
    private static Map<String, Visitor> withExternalIds(Connection connection, Map<String, Visitor> found)
            throws SQLException {
        if (!found.isEmpty()) {
            Set<String> visitorIds = new HashSet<>();
            found.values().forEach(visitor -> visitorIds.add(visitor.id()));
            Map<String, List<ExternalId>> externalIds = externalIds(connection, visitorIds);
            found.replaceAll((key, visitor) -> visitor.withExternalIds(externalIds.getOrDefault(visitor.id(),
                    List.of())));
        }
        return found;
    }

    /** Runs {@code sql} (selecting {@link #COLUMNS}, then the matched value) and keys each visitor by its value. */
    private static Map<String, Visitor> keyedByValue(Connection connection, String sql, List<String> binds)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            InLists.bind(statement, 1, binds);
            try (ResultSet rows = statement.executeQuery()) {
                Map<String, Visitor> found = new HashMap<>();
                while (rows.next()) {
                    found.put(rows.getString(COLUMN_COUNT + 1), read(rows));
                }
                return found;
            }
        }
    }

    /** The external ids of each of {@code visitorIds} that has any, each list in the order visitors show them. */
    static Map<String, List<ExternalId>> externalIds(Connection connection, Collection<String> visitorIds)
            throws SQLException {
        if (visitorIds.isEmpty()) {
            return Map.of();
        }
        List<String> binds = InLists.padded(visitorIds);
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT visitor_id, app_id, entity_id, metadata FROM external_ids WHERE visitor_id IN ("
                        + InLists.markers(binds.size()) + ") ORDER BY created_at, app_id, entity_id")) {
            InLists.bind(statement, 1, binds);
            try (ResultSet rows = statement.executeQuery()) {
                Map<String, List<ExternalId>> ids = new HashMap<>();
                while (rows.next()) {
                    ids.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(new ExternalId(
                            rows.getString(2), rows.getString(3), JsonColumns.readObjects(rows.getString(4))));
                }
                return ids;
            }
        }
    }
}
