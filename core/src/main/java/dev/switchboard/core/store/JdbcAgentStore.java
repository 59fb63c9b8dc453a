package dev.switchboard.core.store;

import dev.switchboard.core.auth.Role;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.desk.Agent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    private static final String COLUMNS = "u.id, u.username, u.name, u.email, u.roles, u.status_livechat, EXISTS "
            + "(SELECT 1 FROM access_tokens a WHERE a.user_id = u.id AND a.kind = 'login')";

    private final Database database;

    public JdbcAgentStore(Database database) {
        this.database = database;
    }

    /** Gives the user named {@code username} {@code role} (a new agent is available); empty when none has it. */
    public CompletableFuture<Optional<User>> addRole(String username, Role role, Instant now) {
        return database.transactions().submit(connection -> {
            Optional<User> user = lock(connection, "username", username);
            if (user.isEmpty()) {
                return Optional.empty();
            }
            if (!user.get().roles().contains(role)) {
                List<Role> roles = new ArrayList<>(user.get().roles());
                roles.add(role);
                ConversationRows.update(connection, "UPDATE users SET roles = ?, updated_at = ?"
                        + (role == Role.AGENT ? ", status_livechat = '" + AVAILABLE + "'" : "") + " WHERE id = ?",
                        JdbcUserStore.roles(roles), now.toEpochMilli(), user.get().id());
            }
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
     * A page of the users holding {@code role}, by username: {@code text} (may be null) is a case-insensitive
     * substring of the name or username, {@code onlyAvailable} keeps online agents, {@code excludeId} leaves one out.
     */
    public CompletableFuture<Page<Agent>> list(Role role, String text, boolean onlyAvailable, String excludeId,
                                               int offset, int count) {
        return database.read(connection -> {
            List<Object> values = new ArrayList<>();
            StringBuilder where = new StringBuilder(" FROM users u WHERE (',' || u.roles || ',') LIKE ?");
            values.add("%," + role.wireName() + ",%");
            if (text != null && !text.isEmpty()) {
                String pattern = LikePatterns.containing(text);
                where.append(" AND (lower(u.username) LIKE ? ESCAPE '\\' OR lower(u.name) LIKE ? ESCAPE '\\')");
                values.add(pattern);
                values.add(pattern);
            }
            if (onlyAvailable) {
                where.append(" AND ").append(JdbcRoomStore.ONLINE_AGENT);
            }
            if (excludeId != null && !excludeId.isEmpty()) {
                where.append(" AND u.id <> ?");
                values.add(excludeId);
            }
            long total = ConversationRows.count(connection, "SELECT count(*)" + where, values.toArray());
            values.add(count);
            values.add(offset);
            return new Page<>(agents(connection, "SELECT " + COLUMNS + where + " ORDER BY u.username LIMIT ? OFFSET ?",
                    values.toArray()), total);
        });
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
