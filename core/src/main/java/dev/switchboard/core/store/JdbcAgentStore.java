package dev.switchboard.core.store;

import dev.switchboard.core.auth.Role;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.desk.Agent;
import dev.switchboard.core.desk.ListedAgent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Agents and managers (Rocket.Chat's {@code livechat-agent} and {@code livechat-manager} roles, here {@code agent}
 * and {@code manager}) and agents' availability ({@code statusLivechat}). Role changes lock the user's row, so two
 * concurrent changes of one user's roles never lose each other.
 */
public final class JdbcAgentStore {
    public static final String AVAILABLE = "available";
    public static final String NOT_AVAILABLE = "not-available";

    /** The user holds a login token: Switchboard's stand-in for Rocket.Chat's presence ({@code status: online}). */
    static final String LOGGED_IN = "EXISTS (SELECT 1 FROM access_tokens a WHERE a.user_id = u.id "
            + "AND a.kind = 'login')";
    private static final String COLUMNS = "u.id, u.username, u.name, u.email, u.roles, u.status_livechat, "
            + LOGGED_IN;

    private final Database database;

    public JdbcAgentStore(Database database) {
        this.database = database;
    }

    /**
     * Gives the user named {@code username} {@code role}; empty when none has it. An agent is made available, also
     * when it was one already, as Rocket.Chat's {@code addAgent} does whatever the user's presence.
     */
    public CompletableFuture<Optional<User>> addRole(String username, Role role, Instant now) {
        return database.transactions().submit(connection -> {
            Optional<User> user = lock(connection, "username", username);
            if (user.isEmpty()) {
                return Optional.empty();
            }
            List<Role> roles = new ArrayList<>(user.get().roles());
            if (!roles.contains(role)) {
                roles.add(role);
            }
            ConversationRows.update(connection, "UPDATE users SET roles = ?, updated_at = ?"
                    + (role == Role.AGENT ? ", status_livechat = '" + AVAILABLE + "'" : "") + " WHERE id = ?",
                    JdbcUserStore.roles(roles), now.toEpochMilli(), user.get().id());
            return user;
        });
    }

    /**
     * Takes {@code role} from user {@code userId}; false when there is no such user. An agent also loses its
     * availability and its departments (Rocket.Chat's {@code removeAgent}).
     */
    public CompletableFuture<Boolean> removeRole(String userId, Role role, Instant now) {
        return database.transactions().submit(connection -> {
            Optional<User> user = lock(connection, "id", userId);
            if (user.isEmpty()) {
                return false;
            }
            List<Role> roles = new ArrayList<>(user.get().roles());
            roles.remove(role);
            ConversationRows.update(connection, "UPDATE users SET roles = ?, updated_at = ?"
                    + (role == Role.AGENT ? ", status_livechat = NULL" : "") + " WHERE id = ?",
                    JdbcUserStore.roles(roles), now.toEpochMilli(), userId);
            if (role == Role.AGENT) {
                ConversationRows.update(connection, "DELETE FROM department_agents WHERE agent_id = ?", userId);
            }
            return true;
        });
    }

    /**
     * Which users a listing keeps, as Rocket.Chat's {@code findUsers}: {@code text} (may be null) a case-insensitive
     * substring of the username, name or email; {@code onlyAvailable} only {@code statusLivechat: available};
     * {@code excludeId} (may be null) leaves one user out; {@code showIdle} false only users online (holding a login
     * token, Switchboard's presence).
     */
    public record Filter(String text, boolean onlyAvailable, String excludeId, boolean showIdle) { }

    /** A page of the users holding {@code role} that {@code filter} keeps, by name, with their departments. */
    public CompletableFuture<Page<ListedAgent>> list(Role role, Filter filter, int offset, int count) {
        return database.read(connection -> {
            List<Object> values = new ArrayList<>();
            StringBuilder where = new StringBuilder(" FROM users u WHERE (',' || u.roles || ',') LIKE ?");
            values.add("%," + role.wireName() + ",%");
            if (filter.text() != null && !filter.text().isEmpty()) {
                String pattern = LikePatterns.containing(filter.text());
                where.append(" AND (lower(u.username) LIKE ? ESCAPE '\\' OR lower(u.name) LIKE ? ESCAPE '\\'"
                        + " OR lower(u.email) LIKE ? ESCAPE '\\')");
                values.addAll(List.of(pattern, pattern, pattern));
            }
            if (filter.onlyAvailable()) {
                where.append(" AND u.status_livechat = '" + AVAILABLE + "'");
            }
            if (filter.excludeId() != null && !filter.excludeId().isEmpty()) {
                where.append(" AND u.id <> ?");
                values.add(filter.excludeId());
            }
            if (!filter.showIdle()) {
                where.append(" AND ").append(LOGGED_IN);
            }
            long total = ConversationRows.count(connection, "SELECT count(*)" + where, values.toArray());
            values.add(count);
            values.add(offset);
            // Mongo sorts a missing name first; so does "name IS NOT NULL" (false first) on both databases.
            List<Agent> page = agents(connection, "SELECT " + COLUMNS + where
                    + " ORDER BY u.name IS NOT NULL, u.name, u.username LIMIT ? OFFSET ?", values.toArray());
            return new Page<>(withDepartments(connection, page), total);
        });
    }

    /** {@code agents} with the ids of the departments each is in (Rocket.Chat's {@code findAgentsWithDepartments}). */
    private static List<ListedAgent> withDepartments(Connection connection, List<Agent> agents) throws SQLException {
        if (agents.isEmpty()) {
            return List.of();
        }
        List<String> ids = InLists.padded(agents.stream().map(Agent::id).toList());
        Map<String, List<String>> departments = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT agent_id, department_id FROM "
                + "department_agents WHERE agent_id IN (" + InLists.markers(ids.size()) + ") ORDER BY department_id")) {
            ConversationRows.bind(statement, ids.toArray());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    departments.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        }
        return agents.stream().map(agent -> new ListedAgent(agent, departments.getOrDefault(agent.id(), List.of())))
                .toList();
    }

    /** User {@code id} with its roles and availability, whatever its roles. */
    public CompletableFuture<Optional<Agent>> find(String id) {
        return database.read(connection -> agents(connection, "SELECT " + COLUMNS + " FROM users u WHERE u.id = ?",
                id).stream().findFirst());
    }

    /** Sets agent {@code agentId}'s {@code statusLivechat}; false when it is not an agent. */
    public CompletableFuture<Boolean> setStatus(String agentId, String status, Instant now) {
        return database.transactions().submit(connection -> ConversationRows.update(connection,
                "UPDATE users SET status_livechat = ?, updated_at = ? WHERE id = ? AND (',' || roles || ',') "
                        + "LIKE '%,agent,%'", status, now.toEpochMilli(), agentId) == 1);
    }

    /** Whether any agent is online and available (the widget's {@code online}). */
    public CompletableFuture<Boolean> anyOnline() {
        return database.read(connection -> JdbcRoomStore.onlineAgent(connection, null).isPresent());
    }

    /** The user whose {@code column} is {@code value}, its row locked until the transaction ends. */
    private Optional<User> lock(Connection connection, String column, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id FROM users WHERE " + column + " = ?" + database.dialect().rowLock())) {
            statement.setString(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? JdbcUserStore.find(connection, rows.getString(1)) : Optional.empty();
            }
        }
    }

    private static List<Agent> agents(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            ConversationRows.bind(statement, values);
            try (ResultSet rows = statement.executeQuery()) {
                List<Agent> found = new ArrayList<>();
                while (rows.next()) {
                    List<Role> roles = JdbcUserStore.parseRoles(rows.getString(5));
                    found.add(new Agent(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            roles, rows.getString(6), rows.getBoolean(7)));
                }
                return found;
            }
        }
    }
}
