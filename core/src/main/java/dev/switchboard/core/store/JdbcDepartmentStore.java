package dev.switchboard.core.store;

import dev.switchboard.core.department.AgentAssignment;
import dev.switchboard.core.department.Department;
import dev.switchboard.core.department.DepartmentAgent;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.visitor.RandomIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Departments and their agents. Name uniqueness is the table's UNIQUE constraint; a clash is answered with 400.
 * A save checks the fallback department and writes the department and its agents in one transaction, so a rejected
 * save leaves nothing behind.
 */
public final class JdbcDepartmentStore {
    private static final String COLUMNS = "id, name, enabled, description, show_on_registration, "
            + "show_on_offline_form, email, request_tag_before_closing_chat, chat_closing_tags, "
            + "fallback_forward_department, departments_allowed_to_forward, allow_receive_forward_offline, "
            + "extra_fields, updated_at";
    private static final String SELECT = "SELECT " + COLUMNS + ", (SELECT COUNT(*) FROM department_agents a "
            + "WHERE a.department_id = departments.id) AS num_agents FROM departments";
    private static final String AGENT_COLUMNS =
            "id, department_id, agent_id, username, chat_count, sort_order";

    private final Database database;

    public JdbcDepartmentStore(Database database) {
        this.database = database;
    }

    /** A department and its agents, as a save or a read with agents answers them. */
    public record Saved(Department department, List<DepartmentAgent> agents) { }

    /** Departments whose name contains {@code text} (case-insensitive; null for all), by name. */
    public CompletableFuture<Page<Department>> list(String text, int offset, int count) {
        return database.read(connection -> {
            String where = text == null || text.isEmpty() ? "" : " WHERE lower(name) LIKE ? ESCAPE '\\'";
            String pattern = where.isEmpty() ? null
                    : LikePatterns.containing(text);
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
                    SELECT + where + " ORDER BY name, id LIMIT ? OFFSET ?")) {
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
        return database.read(connection -> departments(connection, SELECT + " WHERE enabled = ? ORDER BY name, id",
                true));
    }

    private static List<Department> departments(Connection connection, String sql, Object... values)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            ConversationRows.bind(statement, values);
            try (ResultSet rows = statement.executeQuery()) {
                List<Department> items = new ArrayList<>();
                while (rows.next()) {
                    items.add(read(rows));
                }
                return items;
            }
        }
    }

    public CompletableFuture<Optional<Department>> find(String id) {
        return database.read(connection -> find(connection, id, ""));
    }

    /** The department's agents (none for an unknown department), in Rocket.Chat's {@code order}. */
    public CompletableFuture<List<DepartmentAgent>> agents(String departmentId) {
        return database.read(connection -> agents(connection, departmentId));
    }

    /**
     * A page of the department's agents by username (Rocket.Chat's {@code findDepartmentAgents}); an unknown
     * department has none.
     */
    public CompletableFuture<Page<DepartmentAgent>> agents(String departmentId, int offset, int count) {
        return database.read(connection -> {
            long total = ConversationRows.count(connection,
                    "SELECT COUNT(*) FROM department_agents WHERE department_id = ?", departmentId);
            return new Page<>(agents(connection, departmentId, "a.username, a.agent_id LIMIT ? OFFSET ?", count,
                    offset), total);
        });
    }

    /** The departments among {@code ids} (not empty), by name; ids that name none are left out. */
    public CompletableFuture<List<Department>> byIds(List<String> ids) {
        List<String> padded = InLists.padded(ids);
        return database.read(connection -> departments(connection,
                SELECT + " WHERE id IN (" + InLists.markers(padded.size()) + ") ORDER BY name, id", padded.toArray()));
    }

    /**
     * Departments whose name starts with {@code prefix} (case-insensitive), other than {@code exceptions}, by name:
     * Rocket.Chat's {@code findByNameRegexWithExceptionsAndConditions}.
     */
    public CompletableFuture<List<Department>> byNamePrefix(String prefix, List<String> exceptions) {
        List<Object> values = new ArrayList<>(List.of(LikePatterns.prefix(prefix)));
        String except = "";
        if (!exceptions.isEmpty()) {
            List<String> padded = InLists.padded(exceptions);
            except = " AND id NOT IN (" + InLists.markers(padded.size()) + ")";
            values.addAll(padded);
        }
        String sql = SELECT + " WHERE lower(name) LIKE ? ESCAPE '\\'" + except + " ORDER BY name, id";
        return database.read(connection -> departments(connection, sql, values.toArray()));
    }

    /** Creates {@code department} with {@code agents} (users that do not exist are skipped, as Rocket.Chat does). */
    public CompletableFuture<Saved> create(Department department, List<AgentAssignment> agents) {
        return database.transactions().submit(connection -> {
            checkFallback(connection, department);
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO departments (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                            + json() + ", ?, " + json() + ", ?, " + json() + ", ?)")) {
                bind(statement, department);
                statement.executeUpdate();
            } catch (SQLException e) {
                throw nameTakenOr(e, department.name());
            }
            return saveAgents(connection, department, agents);
        });
    }

    /**
     * Changes the department {@code change.id()} as Rocket.Chat's {@code $set} does (optional fields left out keep
     * their values) and adds or updates {@code agents}; unknown department → {@code error-department-not-found}.
     */
    public CompletableFuture<Saved> update(Department change, List<AgentAssignment> agents) {
        return database.transactions().submit(connection -> {
            Department current = find(connection, change.id(), " " + database.dialect().rowLock())
                    .orElseThrow(JdbcDepartmentStore::notFound);
            Department department = current.updatedBy(change);
            checkFallback(connection, department);
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE departments SET id = ?, name = ?, enabled = ?, description = ?, show_on_registration = ?, "
                            + "show_on_offline_form = ?, email = ?, request_tag_before_closing_chat = ?, "
                            + "chat_closing_tags = " + json() + ", fallback_forward_department = ?, "
                            + "departments_allowed_to_forward = " + json() + ", allow_receive_forward_offline = ?, "
                            + "extra_fields = " + json() + ", updated_at = ? WHERE id = ?")) {
                bind(statement, department);
                statement.setString(15, department.id());
                statement.executeUpdate();
            } catch (SQLException e) {
                throw nameTakenOr(e, department.name());
            }
            return saveAgents(connection, department, agents);
        });
    }

    /**
     * Rocket.Chat's {@code saveDepartmentAgents}: removes the agents {@code remove} names, then adds or updates
     * {@code upsert} as a save does (users that do not exist are skipped); unknown department →
     * {@code error-department-not-found}.
     */
    public CompletableFuture<Saved> changeAgents(String departmentId, List<String> remove,
                                                 List<AgentAssignment> upsert) {
        return database.transactions().submit(connection -> {
            Department department = find(connection, departmentId, " " + database.dialect().rowLock())
                    .orElseThrow(JdbcDepartmentStore::notFound);
            if (!remove.isEmpty()) {
                List<String> padded = InLists.padded(remove);
                List<Object> values = new ArrayList<>(List.of(departmentId));
                values.addAll(padded);
                ConversationRows.update(connection, "DELETE FROM department_agents WHERE department_id = ? AND "
                        + "agent_id IN (" + InLists.markers(padded.size()) + ")", values.toArray());
            }
            return saveAgents(connection, department, upsert);
        });
    }

    /**
     * Removes a department, its agents, and other departments' fallback references to it; false when there was
     * none. Visitors keep the id they registered with (as in Rocket.Chat).
     */
    public CompletableFuture<Boolean> delete(String id) {
        return database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM departments WHERE id = ?")) {
                statement.setString(1, id);
                if (statement.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM department_agents WHERE department_id = ?")) {
                statement.setString(1, id);
                statement.executeUpdate();
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE departments SET fallback_forward_department = NULL "
                            + "WHERE fallback_forward_department = ?")) {
                statement.setString(1, id);
                statement.executeUpdate();
            }
            return true;
        });
    }

    /** Rocket.Chat's rules: not the department itself, and a department that exists. */
    private static void checkFallback(Connection connection, Department department) throws SQLException {
        String fallback = department.fallbackForwardDepartment();
        if (fallback == null || fallback.isEmpty()) {
            return;
        }
        if (fallback.equals(department.id())) {
            throw ApiError.meteor("error-fallback-department-circular",
                    "Cannot save department. Circular reference between fallback department and department");
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM departments WHERE id = ?")) {
            statement.setString(1, fallback);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw ApiError.meteor("error-fallback-department-not-found", "Fallback department not found");
                }
            }
        }
    }

    private static Saved saveAgents(Connection connection, Department department, List<AgentAssignment> agents)
            throws SQLException {
        for (AgentAssignment agent : agents) {
            String username = username(connection, agent.agentId());
            if (username == null) {
                continue; // Rocket.Chat skips ids that name no user
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO department_agents (" + AGENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (department_id, agent_id) DO UPDATE SET username = excluded.username, "
                            + "chat_count = excluded.chat_count, sort_order = excluded.sort_order")) {
                statement.setString(1, RandomIds.id());
                statement.setString(2, department.id());
                statement.setString(3, agent.agentId());
                statement.setString(4, username);
                statement.setLong(5, agent.count());
                statement.setLong(6, agent.order());
                statement.executeUpdate();
            }
        }
        List<DepartmentAgent> saved = agents(connection, department.id());
        return new Saved(department.withNumAgents(saved.size()), saved);
    }

    private static String username(Connection connection, String userId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT username FROM users WHERE id = ?")) {
            statement.setString(1, userId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static List<DepartmentAgent> agents(Connection connection, String departmentId) throws SQLException {
        return agents(connection, departmentId, "a.sort_order, a.username, a.agent_id");
    }

    /** The department's agents in {@code order} (an ORDER BY list, perhaps with LIMIT markers for {@code more}). */
    private static List<DepartmentAgent> agents(Connection connection, String departmentId, String order,
                                                Object... more) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT a.id, a.agent_id, a.username, a.chat_count, a.sort_order, d.enabled "
                        + "FROM department_agents a JOIN departments d ON d.id = a.department_id "
                        + "WHERE a.department_id = ? ORDER BY " + order)) {
            List<Object> values = new ArrayList<>(List.of(departmentId));
            values.addAll(List.of(more));
            ConversationRows.bind(statement, values.toArray());
            try (ResultSet rows = statement.executeQuery()) {
                List<DepartmentAgent> agents = new ArrayList<>();
                while (rows.next()) {
                    agents.add(new DepartmentAgent(rows.getString(1), rows.getString(2), departmentId,
                            rows.getBoolean(6), rows.getString(3), rows.getLong(4), rows.getLong(5)));
                }
                return agents;
            }
        }
    }

    private String json() {
        return database.dialect().jsonParameter();
    }

    private SQLException nameTakenOr(SQLException e, String name) {
        if (database.dialect().isUniqueViolation(e)) {
            throw ApiError.meteor("error-duplicated-department-name",
                    "A department named '" + name + "' already exists");
        }
        return e;
    }

    private static ApiError notFound() {
        return ApiError.meteor("error-department-not-found", "Department not found");
    }

    private static Optional<Department> find(Connection connection, String id, String lock) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SELECT + " WHERE id = ?" + lock)) {
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
        statement.setString(4, department.description());
        statement.setBoolean(5, department.showOnRegistration());
        statement.setBoolean(6, department.showOnOfflineForm());
        statement.setString(7, department.email());
        setBoolean(statement, 8, department.requestTagBeforeClosingChat());
        statement.setString(9, JsonColumns.writeList(department.chatClosingTags()));
        statement.setString(10, department.fallbackForwardDepartment());
        statement.setString(11, JsonColumns.writeList(department.departmentsAllowedToForward()));
        setBoolean(statement, 12, department.allowReceiveForwardOffline());
        statement.setString(13, JsonColumns.write(department.extraFields()));
        statement.setLong(14, department.updatedAt().toEpochMilli());
    }

    private static void setBoolean(PreparedStatement statement, int index, Boolean value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BOOLEAN);
        } else {
            statement.setBoolean(index, value);
        }
    }

    private static Department read(ResultSet rows) throws SQLException {
        return new Department(rows.getString("id"), rows.getString("name"), rows.getBoolean("enabled"),
                rows.getString("description"), rows.getBoolean("show_on_registration"),
                rows.getBoolean("show_on_offline_form"), rows.getString("email"),
                nullableBoolean(rows, "request_tag_before_closing_chat"),
                JsonColumns.readStringList(rows.getString("chat_closing_tags")),
                rows.getString("fallback_forward_department"),
                JsonColumns.readStringList(rows.getString("departments_allowed_to_forward")),
                nullableBoolean(rows, "allow_receive_forward_offline"),
                JsonColumns.readObjects(rows.getString("extra_fields")), rows.getInt("num_agents"),
                Instant.ofEpochMilli(rows.getLong("updated_at")));
    }

    private static Boolean nullableBoolean(ResultSet rows, String column) throws SQLException {
        boolean value = rows.getBoolean(column);
        return rows.wasNull() ? null : value;
    }
}
