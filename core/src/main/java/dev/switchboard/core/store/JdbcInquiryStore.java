package dev.switchboard.core.store;

import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Message.Sender;
import dev.switchboard.core.desk.Inquiry;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.webhook.DeskEvent;
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
 * The inquiry queue (Rocket.Chat's Manual_Selection): rooms waiting for an agent, and taking one. A take is one
 * conditional {@code UPDATE ... WHERE status = 'queued'}: of any number of concurrent takers, on one node or many,
 * exactly one changes the row (PostgreSQL re-checks the condition after the winner commits; SQLite has one writer).
 */
public final class JdbcInquiryStore {
    /** The room's columns first (so rooms are read as everywhere else), then the inquiry's. */
    private static final String COLUMNS = "r." + ConversationRows.ROOM_COLUMNS.replace(", ", ", r.")
            + ", i.id, i.status, i.ts, i.taken_at, i.updated_at";
    private static final int FIRST_INQUIRY_COLUMN = ConversationRows.ROOM_COLUMNS.split(",").length + 1;
    /** The enabled departments agent {@code ?} belongs to. */
    static final String AGENT_DEPARTMENTS = "SELECT da.department_id FROM department_agents da "
            + "JOIN departments d ON d.id = da.department_id WHERE da.agent_id = ? AND d.enabled";

    private final Database database;
    private final DeskEvents deskEvents;

    /** {@code deskEvents} records the webhook events of its changes, in their transactions. */
    public JdbcInquiryStore(Database database, DeskEvents deskEvents) {
        this.database = database;
        this.deskEvents = deskEvents;
    }

    /** A taken inquiry, the agent that took it and the messages saying so ({@code command: connected}, {@code uj}). */
    public record Taken(Inquiry inquiry, Sender agent, List<Message> joined) { }

    /**
     * A page of the queued inquiries agent {@code userId} may take, oldest first, as Rocket.Chat's
     * {@code findInquiries}: the public queue (rooms without a department) and the queues of its enabled departments,
     * or of {@code department} alone (may be null). An agent in no enabled department sees the public queue whatever
     * it asks for; one asking for a department it is not in gets Rocket.Chat's plain {@code error-not-authorized}.
     */
    public CompletableFuture<Page<Inquiry>> queuedFor(String userId, String department, int offset, int count) {
        return database.read(connection -> {
            String departments = "i.department_id IN (" + AGENT_DEPARTMENTS + ")";
            Object departmentValue = userId;
            if (department != null && !department.isEmpty() && inEnabledDepartment(connection, userId, null)) {
                if (!inEnabledDepartment(connection, userId, department)) {
                    throw ApiError.plain("error-not-authorized");
                }
                departments = "i.department_id = ?";
                departmentValue = department;
            }
            List<Object> values = new ArrayList<>(List.of(departmentValue));
            String where = " FROM inquiries i JOIN rooms r ON r.id = i.rid WHERE i.status = 'queued' AND "
                    + "(i.department_id IS NULL OR " + departments + ")";
            long total = ConversationRows.count(connection, "SELECT count(*)" + where, values.toArray());
            values.add(count);
            values.add(offset);
            return new Page<>(inquiries(connection, "SELECT " + COLUMNS + where
                    + " ORDER BY i.ts, i.id LIMIT ? OFFSET ?", values.toArray()), total);
        });
    }

    /** Whether user {@code userId} is an agent of enabled department {@code departmentId}, or of any when null. */
    static boolean inEnabledDepartment(Connection connection, String userId, String departmentId)
            throws SQLException {
        String mine = "SELECT count(*) FROM (" + AGENT_DEPARTMENTS + ") mine";
        return departmentId == null ? ConversationRows.count(connection, mine, userId) > 0
                : ConversationRows.count(connection, mine + " WHERE mine.department_id = ?", userId, departmentId) > 0;
    }

    /**
     * Whether a room of {@code departmentId} (null: none) waits in the queue agent {@code userId} sees: the public
     * queue, and its enabled departments' queues (as {@link #queuedFor} lists them).
     */
    static boolean inQueueOf(Connection connection, String userId, String departmentId) throws SQLException {
        return departmentId == null || inEnabledDepartment(connection, userId, departmentId);
    }

    /**
     * Agent {@code agentId} takes inquiry {@code inquiryId}: the room is served by it, with Rocket.Chat's join
     * messages, in the same transaction. Rocket.Chat's errors, in its order: unknown inquiry, already taken, the
     * agent not online and available; a taker that loses the race gets "already taken" too.
     */
    public CompletableFuture<Taken> take(String inquiryId, String agentId, Instant now) {
        return database.transactions().submit(connection -> {
            Inquiry inquiry = find(connection, inquiryId)
                    .orElseThrow(() -> ApiError.meteor("error-not-found", "Inquiry not found"));
            if (Inquiry.TAKEN.equals(inquiry.status())) {
                throw alreadyTaken();
            }
            // The room first, as every write that changes a room and its inquiry locks them (no deadlock with a
            // forward or a close on PostgreSQL).
            ConversationRows.room(connection, inquiry.room().id(), database.dialect().rowLock());
            Sender agent = JdbcRoomStore.onlineAgent(connection, agentId).orElseThrow(() -> ApiError.meteor(
                    "error-agent-status-service-offline", "Agent status is offline or Omnichannel service is not active"));
            try (PreparedStatement statement = connection.prepareStatement("UPDATE inquiries SET status = 'taken', "
                    + "taken_at = ?, taken_by_id = ?, updated_at = ? WHERE id = ? AND status = 'queued'")) {
                ConversationRows.bind(statement, now.toEpochMilli(), agent.id(), now.toEpochMilli(), inquiryId);
                if (statement.executeUpdate() == 0) {
                    throw alreadyTaken();
                }
            }
            List<Message> joined = ConversationRows.serve(connection, inquiry.room().id(), agent, now);
            deskEvents.record(connection, DeskEvent.taken(inquiry.room().id()));
            return new Taken(find(connection, inquiryId).orElseThrow(), agent, joined);
        });
    }

    private static ApiError alreadyTaken() {
        return ApiError.meteor("error-inquiry-taken", "Inquiry already taken");
    }

    private static Optional<Inquiry> find(Connection connection, String id) throws SQLException {
        return inquiries(connection, "SELECT " + COLUMNS + " FROM inquiries i JOIN rooms r ON r.id = i.rid "
                + "WHERE i.id = ?", id).stream().findFirst();
    }

    /** The inquiry of room {@code rid}, as it is now in this transaction. */
    static Optional<Inquiry> findByRoom(Connection connection, String rid) throws SQLException {
        return inquiries(connection, "SELECT " + COLUMNS + " FROM inquiries i JOIN rooms r ON r.id = i.rid "
                + "WHERE i.rid = ?", rid).stream().findFirst();
    }

    private static List<Inquiry> inquiries(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            ConversationRows.bind(statement, values);
            try (ResultSet rows = statement.executeQuery()) {
                List<Inquiry> found = new ArrayList<>();
                while (rows.next()) {
                    int at = FIRST_INQUIRY_COLUMN;
                    found.add(new Inquiry(rows.getString(at), rows.getString(at + 1),
                            ConversationRows.instant(rows, at + 2), ConversationRows.instant(rows, at + 3),
                            ConversationRows.instant(rows, at + 4), ConversationRows.readRoom(rows)));
                }
                return found;
            }
        }
    }
}
