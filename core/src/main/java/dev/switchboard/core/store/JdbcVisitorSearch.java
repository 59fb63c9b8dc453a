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
import java.util.Collections;
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
 *
 * <p>Sorted by {@code lastChat.ts}, visitors without a chat come as MongoDB puts a missing field: first when
 * ascending, last when descending. When it is the first sort key, the visitors with a chat are read through the
 * partial index {@code visitors_last_chat} and those without one apart, each part at most a page deep.
 */
public final class JdbcVisitorSearch {
    /** Sort keys {@code visitors.search} accepts, mapped to columns. */
    public enum SortKey {
        TS("ts", "ts"), UPDATED_AT("_updatedAt", "updated_at"), NAME("name", "name"), USERNAME("username", "username"),
        LAST_CHAT_TS("lastChat.ts", "last_chat_ts");

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
    public record Sort(SortKey key, boolean ascending) {
        /** The ORDER BY term; only {@code last_chat_ts} is ever null, and goes where MongoDB puts it. */
        String orderTerm() {
            String direction = ascending ? " ASC" : " DESC";
            if (key != SortKey.LAST_CHAT_TS) {
                return key.column + direction;
            }
            return key.column + direction + (ascending ? " NULLS FIRST" : " NULLS LAST");
        }
    }

    /** An autocomplete hit. */
    public record Item(String id, String name, String username) { }

    /** Up to this many matches, a page is sorted from the matches rather than read in the sort's order. */
    static final long FEW_MATCHES = 5_000;

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
                where.append(" AND (").append(database.dialect().nameOrUsernameContains(term, binds));
                String email = Emails.normalize(term);
                if (email != null) {
                    where.append(" OR email = ?");
                    binds.add(email);
                }
                if (looksLikePhone(term)) {
                    where.append(" OR phone_digits = ?");
                    binds.add(PhoneNumbers.digits(term));
                }
                // The few visitors an entity id names, looked up first: an id list keeps every OR term indexed,
                // where a subquery in the OR would make PostgreSQL filter every row.
                List<String> byEntity = visitorsOfEntity(connection, term);
                if (!byEntity.isEmpty()) {
                    where.append(" OR id IN (").append(String.join(", ", Collections.nCopies(byEntity.size(), "?")))
                            .append(')');
                    binds.addAll(byEntity);
                }
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
            List<Visitor> visitors = new ArrayList<>();
            boolean byLastChat = sort.get(0).key() == SortKey.LAST_CHAT_TS;
            // Few matches: found first through the indexes (materialized), then sorted; a planner that walked an
            // index in the page's order instead would test every visitor against the term.
            boolean few = !term.isEmpty() && total <= FEW_MATCHES;
            String prefix = few ? "WITH matched AS MATERIALIZED (SELECT id FROM visitors WHERE " + where + ") " : "";
            String pageWhere = few ? "id IN (SELECT id FROM matched)" : where.toString();
            List<String> pageBinds = few ? List.of() : binds;
            try (PreparedStatement statement = connection.prepareStatement(prefix + (byLastChat
                    ? byLastChatSql(pageWhere, sort) : "SELECT " + VisitorRows.COLUMNS
                    + " FROM visitors WHERE " + pageWhere + " ORDER BY " + orderBy(sort) + " LIMIT ? OFFSET ?"))) {
                int next = bind(statement, binds); // the CTE's, or the first part's
                if (byLastChat) {
                    long depth = (long) offset + count;
                    statement.setLong(next++, depth);
                    next = bind(statement, next, pageBinds);
                    statement.setLong(next++, depth);
                }
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

    private static String orderBy(List<Sort> sort) {
        StringBuilder order = new StringBuilder();
        for (Sort s : sort) {
            order.append(s.orderTerm()).append(", ");
        }
        return order.append("id ASC").toString();
    }

    /**
     * The page when {@code lastChat.ts} is the first sort key: the first {@code offset + count} visitors with a
     * chat in index order, and as many without one (binds: where, depth, where, depth, count, offset), put
     * together with the visitors without a chat where MongoDB puts them. Sorting by an expression such as
     * {@code last_chat_ts IS NULL} instead would read no index at all.
     */
    static String byLastChatSql(String where, List<Sort> sort) {
        return "SELECT " + VisitorRows.COLUMNS + " FROM ("
                + "SELECT * FROM (" + part(where, 0, "NOT NULL", orderBy(sort)) + ") AS chatted UNION ALL "
                + "SELECT * FROM (" + part(where, 1, "NULL", orderBy(sort.subList(1, sort.size()))) + ") AS unchatted"
                + ") AS page ORDER BY no_chat" + (sort.get(0).ascending() ? " DESC, " : " ASC, ") + orderBy(sort)
                + " LIMIT ? OFFSET ?";
    }

    private static String part(String where, int noChat, String lastChatTest, String order) {
        return "SELECT " + VisitorRows.COLUMNS + ", " + noChat + " AS no_chat FROM visitors WHERE " + where
                + " AND last_chat_ts IS " + lastChatTest + " ORDER BY " + order + " LIMIT ?";
    }

    private static List<String> visitorsOfEntity(java.sql.Connection connection, String entityId)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT DISTINCT visitor_id FROM external_ids WHERE entity_id = ? ORDER BY visitor_id")) {
            statement.setString(1, entityId);
            try (ResultSet rows = statement.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
                return ids;
            }
        }
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
        return bind(statement, 1, values);
    }

    /** Binds {@code values} from position {@code first}; answers the next free position. */
    private static int bind(PreparedStatement statement, int first, List<String> values) throws SQLException {
        int i = first;
        for (String value : values) {
            statement.setString(i++, value);
        }
        return i;
    }
}
