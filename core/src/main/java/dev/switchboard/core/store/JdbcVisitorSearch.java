package dev.switchboard.core.store;

import dev.switchboard.core.visitor.CustomFieldDefinition;
import dev.switchboard.core.visitor.Emails;
import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.PhoneNumbers;
import dev.switchboard.core.visitor.Visitor;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Agents' visitor lookups ({@code visitors.search}, {@code visitors.autocomplete}). Terms are always bound
 * parameters matched with {@code LIKE ? ESCAPE '\'} (wildcards escaped) or equality, never as patterns, so any
 * term is harmless. Searchable custom fields are matched in SQL with {@code livechat_data ->> key}, which SQLite
 * (3.38+) and PostgreSQL (JSONB) both understand, so no dialect hook is needed and paging stays exact.
 * {@code lower()} folds ASCII only on SQLite.
 */
public final class JdbcVisitorSearch {
    /** Sort keys {@code visitors.search} accepts, mapped to columns. */
    public enum SortKey {
        TS("ts", "ts"), UPDATED_AT("_updatedAt", "updated_at"), NAME("name", "name"), USERNAME("username", "username");

        private final String wire;
        private final String column;

        SortKey(String wire, String column) {
            this.wire = wire;
            this.column = column;
        }

        public static SortKey parse(String wire) {
            for (SortKey key : values()) {
                if (key.wire.equals(wire)) {
                    return key;
                }
            }
            return null;
        }
    }

    /** One sort key with its direction. */
    public record Sort(SortKey key, boolean ascending) { }

    /** An autocomplete hit. */
    public record Item(String id, String name, String username) { }

    private final Database database;

    public JdbcVisitorSearch(Database database) {
        this.database = database;
    }

    /**
     * Live visitors matching {@code term}: the exact (normalised) email, the phone by digits (when the term looks
     * like a phone number), a case-insensitive substring of name or username, a substring of a searchable visitor
     * custom field, or an exact external id's {@code entityId}. An empty term matches everyone.
     */
    public CompletableFuture<Page<Visitor>> search(String term, List<Sort> sort, int offset, int count) {
        return database.read(connection -> {
            List<String> binds = new ArrayList<>();
            StringBuilder where = new StringBuilder("erased_at IS NULL");
            if (!term.isEmpty()) {
                String like = "%" + LikePatterns.literal(term.toLowerCase(Locale.ROOT)) + "%";
                where.append(" AND (lower(name) LIKE ? ESCAPE '\\' OR lower(username) LIKE ? ESCAPE '\\'");
                binds.add(like);
                binds.add(like);
                String email = Emails.normalize(term);
                if (email != null) {
                    where.append(" OR email = ?");
                    binds.add(email);
                }
                if (looksLikePhone(term)) {
                    where.append(" OR phone_digits = ?");
                    binds.add(PhoneNumbers.digits(term));
                }
                where.append(" OR id IN (SELECT visitor_id FROM external_ids WHERE entity_id = ?)");
                binds.add(term);
                for (String field : searchableFields(connection)) {
                    where.append(" OR lower(livechat_data ->> CAST(? AS TEXT)) LIKE ? ESCAPE '\\'");
                    binds.add(field);
                    binds.add(like);
                }
                where.append(')');
            }
            long total;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT COUNT(*) FROM visitors WHERE " + where)) {
                bind(statement, binds);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            StringBuilder order = new StringBuilder();
            for (Sort s : sort) {
                order.append(s.key().column).append(s.ascending() ? " ASC, " : " DESC, ");
            }
            order.append("id ASC");
            List<Visitor> visitors = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + VisitorRows.COLUMNS
                    + " FROM visitors WHERE " + where + " ORDER BY " + order + " LIMIT ? OFFSET ?")) {
                int next = bind(statement, binds);
                statement.setInt(next, count);
                statement.setInt(next + 1, offset);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        visitors.add(VisitorRows.read(rows));
                    }
                }
            }
            Map<String, List<ExternalId>> externalIds =
                    VisitorRows.externalIds(connection, visitors.stream().map(Visitor::id).toList());
            List<Visitor> withIds = visitors.stream()
                    .map(visitor -> visitor.withExternalIds(externalIds.getOrDefault(visitor.id(), List.of())))
                    .toList();
            return new Page<>(withIds, total);
        });
    }

    /** Up to {@code limit} live visitors whose name starts with {@code term} (case-insensitive), by name. */
    public CompletableFuture<List<Item>> autocomplete(String term, List<String> exceptions, int limit) {
        return database.read(connection -> {
            StringBuilder sql = new StringBuilder("SELECT id, name, username FROM visitors WHERE erased_at IS NULL "
                    + "AND name IS NOT NULL AND lower(name) LIKE ? ESCAPE '\\'");
            if (!exceptions.isEmpty()) {
                sql.append(" AND id NOT IN (")
                        .append(String.join(", ", java.util.Collections.nCopies(exceptions.size(), "?")))
                        .append(')');
            }
            sql.append(" ORDER BY name, id LIMIT ?");
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                List<String> binds = new ArrayList<>();
                binds.add(LikePatterns.literal(term.toLowerCase(Locale.ROOT)) + "%");
                binds.addAll(exceptions);
                statement.setInt(bind(statement, binds), limit);
                try (ResultSet rows = statement.executeQuery()) {
                    List<Item> items = new ArrayList<>();
                    while (rows.next()) {
                        items.add(new Item(rows.getString(1), rows.getString(2), rows.getString(3)));
                    }
                    return items;
                }
            }
        });
    }

    private static List<String> searchableFields(java.sql.Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id FROM custom_fields WHERE searchable = ? AND scope = ? ORDER BY id")) {
            statement.setBoolean(1, true);
            statement.setString(2, CustomFieldDefinition.SCOPE_VISITOR);
            try (ResultSet rows = statement.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
                return ids;
            }
        }
    }

    /** Digits with the usual phone punctuation only, so a name like "guest-5" is not taken for phone "5". */
    static boolean looksLikePhone(String term) {
        boolean digit = false;
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (" +-().".indexOf(c) < 0) {
                return false;
            }
        }
        return digit;
    }

    private static int bind(PreparedStatement statement, List<String> values) throws SQLException {
        int i = 1;
        for (String value : values) {
            statement.setString(i++, value);
        }
        return i;
    }
}
