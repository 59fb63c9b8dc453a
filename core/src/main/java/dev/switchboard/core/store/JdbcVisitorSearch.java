package dev.switchboard.core.store;

import dev.switchboard.core.visitor.CustomFieldDefinition;
import dev.switchboard.core.visitor.Emails;
import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.PhoneNumbers;
import dev.switchboard.core.visitor.Visitor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

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
 *
 * <p>The matches are counted first, read as parts no two of which hold the same visitor (the dialect's cheapest
 * count of name and username matches, then the visitors matching only by another key), so that a count may stop
 * early: at the caller's {@code totalUpTo}. The count chooses how the page is read: few matches through the
 * indexes, then sorted; many by walking the sort's order and testing each visitor's own row.
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

    /** {@code totalUpTo} for an exact total, however many visitors match (Rocket.Chat's contract). */
    public static final long EXACT = Long.MAX_VALUE;

    /** Up to this many matches, a page is sorted from the matches rather than read in the sort's order. */
    static final long FEW_MATCHES = 5_000;

    private final Database database;
    private final long fewMatches;

    public JdbcVisitorSearch(Database database) {
        this(database, FEW_MATCHES);
    }

    /** With another bound between the two ways of reading a page, so that tests reach both with a few visitors. */
    JdbcVisitorSearch(Database database, long fewMatches) {
        this.database = database;
        this.fewMatches = fewMatches;
    }

    /**
     * Live visitors matching {@code term}: the exact (normalised) email, the phone by digits (when the term looks
     * like a phone number), a case-insensitive substring of name or username, a substring of a searchable visitor
     * custom field, or an exact external id's {@code entityId}. An empty term matches everyone.
     *
     * <p>The total is exact up to {@code totalUpTo} ({@link #EXACT}: always); when more match, it is
     * {@code totalUpTo} and the page says so ({@link Page#capped()}), and the count stopped there.
     */
    public CompletableFuture<Page<Visitor>> search(String term, List<Sort> sort, int offset, int count,
            long totalUpTo) {
        return database.read(connection -> {
            Criteria criteria = criteria(connection, term);
            long matched = countUpTo(connection, criteria.matchRows(), totalUpTo == EXACT ? EXACT : totalUpTo + 1);
            boolean capped = matched > totalUpTo;
            // Few matches: found first through the indexes (materialized), then sorted; a planner that walked an
            // index in the page's order instead would test every visitor against the term. Many: read in the
            // sort's order, each visitor tested on its own row until the page is full; the indexed form would
            // first gather every match (1,000,000 rowids for a term everyone matches).
            boolean few = !term.isEmpty() && matched <= Math.min(fewMatches, totalUpTo);
            List<Visitor> visitors = !capped && offset >= matched ? List.of()
                    : page(connection, few ? criteria.indexed() : criteria.direct(), few, sort, offset, count);
            Map<String, List<ExternalId>> externalIds =
                    VisitorRows.externalIds(connection, visitors.stream().map(Visitor::id).toList());
            List<Visitor> withIds = visitors.stream()
                    .map(visitor -> visitor.withExternalIds(externalIds.getOrDefault(visitor.id(), List.of())))
                    .toList();
            return new Page<>(withIds, capped ? totalUpTo : matched, capped);
        });
    }

    /** A condition or query with its bind values, in order. */
    private record Clause(String sql, List<String> binds) { }

    /**
     * What a term matches, in the three forms the search needs: a condition served by the indexes (to find few
     * matches), the same condition tested row by row (to walk the sort's order), and a query of one row per match
     * (to count them).
     */
    private record Criteria(Clause indexed, Clause direct, Clause matchRows) { }

    private Criteria criteria(Connection connection, String term) throws SQLException {
        if (term.isEmpty()) {
            Clause everyone = new Clause("erased_at IS NULL", List.of());
            return new Criteria(everyone, everyone, new Clause("SELECT 1 FROM visitors WHERE erased_at IS NULL",
                    List.of()));
        }
        List<String> otherBinds = new ArrayList<>();
        List<String> others = otherKeys(connection, term, otherBinds);
        SqlDialect dialect = database.dialect();
        return new Criteria(condition(dialect::nameOrUsernameContains, term, others, otherBinds),
                condition(dialect::nameOrUsernameLike, term, others, otherBinds),
                matchRows(dialect, term, others, otherBinds));
    }

    /** The name or username in the given form, or any other key: a live visitor that matches. */
    private static Clause condition(BiFunction<String, List<String>, String> nameOrUsername, String term,
            List<String> others, List<String> otherBinds) {
        List<String> binds = new ArrayList<>();
        StringBuilder sql = new StringBuilder("erased_at IS NULL AND (").append(nameOrUsername.apply(term, binds));
        for (String other : others) {
            sql.append(" OR ").append(other);
        }
        binds.addAll(otherBinds);
        return new Clause(sql.append(')').toString(), binds);
    }

    /**
     * The matches as the parts no two of which hold the same visitor, so that they are counted without
     * de-duplication and a count may stop early: those whose name or username matches (the dialect's fastest
     * form), then those matching only by another key.
     */
    private static Clause matchRows(SqlDialect dialect, String term, List<String> others, List<String> otherBinds) {
        List<String> binds = new ArrayList<>();
        StringBuilder sql = new StringBuilder(dialect.nameOrUsernameMatchRows(term, binds));
        if (!others.isEmpty()) {
            sql.append(" UNION ALL SELECT 1 FROM visitors WHERE erased_at IS NULL AND (")
                    .append(String.join(" OR ", others)).append(") AND (");
            binds.addAll(otherBinds);
            sql.append(dialect.nameOrUsernameLike(term, binds)).append(") IS NOT TRUE");
        }
        return new Clause(sql.toString(), binds);
    }

    /** The conditions other than name and username the term matches by (none when it can match no other key). */
    private static List<String> otherKeys(Connection connection, String term, List<String> binds)
            throws SQLException {
        List<String> others = new ArrayList<>();
        String email = Emails.normalize(term);
        if (email != null) {
            others.add("email = ?");
            binds.add(email);
        }
        if (looksLikePhone(term)) {
            others.add("phone_digits = ?");
            binds.add(PhoneNumbers.digits(term));
        }
        // The few visitors an entity id names, looked up first: an id list keeps every OR term indexed, where a
        // subquery in the OR would make PostgreSQL filter every row.
        List<String> byEntity = visitorsOfEntity(connection, term);
        if (!byEntity.isEmpty()) {
            others.add("id IN (" + String.join(", ", Collections.nCopies(byEntity.size(), "?")) + ")");
            binds.addAll(byEntity);
        }
        String like = LikePatterns.containing(term);
        for (String field : searchableFields(connection)) {
            others.add("lower(livechat_data ->> CAST(? AS TEXT)) LIKE ? ESCAPE '\\'");
            binds.add(field);
            binds.add(like);
        }
        return others;
    }

    /** How many rows {@code matchRows} has, reading at most {@code limit} of them. */
    private static long countUpTo(Connection connection, Clause matchRows, long limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT COUNT(*) FROM (" + matchRows.sql() + " LIMIT ?) AS matches")) {
            statement.setLong(bind(statement, matchRows.binds()), limit);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** One page of the visitors {@code where} holds: from the materialized matches when few, else in order. */
    private static List<Visitor> page(Connection connection, Clause where, boolean few, List<Sort> sort,
            int offset, int count) throws SQLException {
        boolean byLastChat = sort.get(0).key() == SortKey.LAST_CHAT_TS;
        String prefix = few ? "WITH matched AS MATERIALIZED (SELECT id FROM visitors WHERE " + where.sql() + ") "
                : "";
        String pageWhere = few ? "id IN (SELECT id FROM matched)" : where.sql();
        List<String> pageBinds = few ? List.of() : where.binds();
        try (PreparedStatement statement = connection.prepareStatement(prefix + (byLastChat
                ? byLastChatSql(pageWhere, sort) : "SELECT " + VisitorRows.COLUMNS
                + " FROM visitors WHERE " + pageWhere + " ORDER BY " + orderBy(sort) + " LIMIT ? OFFSET ?"))) {
            int next = bind(statement, where.binds()); // the CTE's, or the first part's
            if (byLastChat) {
                long depth = (long) offset + count;
                statement.setLong(next++, depth);
                next = bind(statement, next, pageBinds);
                statement.setLong(next++, depth);
            }
            statement.setInt(next, count);
            statement.setInt(next + 1, offset);
            List<Visitor> visitors = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    visitors.add(VisitorRows.read(rows));
                }
            }
            return visitors;
        }
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

    private static List<String> visitorsOfEntity(Connection connection, String entityId)
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

    private static List<String> searchableFields(Connection connection) throws SQLException {
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
