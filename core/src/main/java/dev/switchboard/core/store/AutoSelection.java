package dev.switchboard.core.store;

import dev.switchboard.core.conversation.Message.Sender;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Rocket.Chat's Auto_Selection: a new room goes to the online, available agent that has been given the fewest
 * chats so far, counted per department ({@code department_agents.chat_count}, ties by the department's order, then
 * username) for a room with a department, or overall ({@code users.livechat_count}, ties by username) for one
 * without; the chosen agent's counter goes up in the same transaction. As in Rocket.Chat, the counters only grow:
 * fairness is over all chats given, not over open ones. Concurrent openings on several nodes may read the same
 * counter and give two rooms to one agent; every room still gets exactly one agent, and both count.
 */
final class AutoSelection {
    private AutoSelection() { }

    /** The agent the room (with {@code departmentId}, may be null) goes to, counted; empty when none is online. */
    static Optional<Sender> nextAgent(Connection connection, String departmentId) throws SQLException {
        if (departmentId != null) {
            Optional<Sender> agent = ConversationRows.sender(connection,
                    "SELECT u.id, u.username, u.name FROM department_agents da JOIN users u ON u.id = da.agent_id "
                            + "WHERE da.department_id = ? AND " + JdbcRoomStore.ONLINE_AGENT
                            + " ORDER BY da.chat_count, da.sort_order, u.username LIMIT 1", departmentId);
            if (agent.isPresent()) {
                ConversationRows.update(connection, "UPDATE department_agents SET chat_count = chat_count + 1 "
                        + "WHERE department_id = ? AND agent_id = ?", departmentId, agent.get().id());
            }
            return agent;
        }
        Optional<Sender> agent = ConversationRows.sender(connection,
                "SELECT u.id, u.username, u.name FROM users u WHERE " + JdbcRoomStore.ONLINE_AGENT
                        + " ORDER BY u.livechat_count, u.username LIMIT 1");
        if (agent.isPresent()) {
            ConversationRows.update(connection, "UPDATE users SET livechat_count = livechat_count + 1 WHERE id = ?",
                    agent.get().id());
        }
        return agent;
    }
}
