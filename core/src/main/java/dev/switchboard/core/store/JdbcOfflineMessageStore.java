package dev.switchboard.core.store;

import dev.switchboard.core.visitor.RandomIds;
import dev.switchboard.core.webhook.DeskEvent;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Offline messages ({@code POST /api/v1/livechat/offline.message}): kept so a desk can be sent them; Switchboard has
 * no mailer.
 */
public final class JdbcOfflineMessageStore {
    private final Database database;
    private final DeskEvents deskEvents;

    /** {@code deskEvents} records the webhook events of its changes, in their transactions. */
    public JdbcOfflineMessageStore(Database database, DeskEvents deskEvents) {
        this.database = database;
        this.deskEvents = deskEvents;
    }

    /** The stored message's id, once committed. */
    public CompletableFuture<String> save(String name, String email, String message, String department, String host,
                                          Instant now) {
        String id = RandomIds.id();
        return database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO offline_messages (id, name, email, message, department, host, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ConversationRows.bind(statement, id, name, email, message, department, host, now.toEpochMilli());
                statement.executeUpdate();
            }
            deskEvents.record(connection, new DeskEvent.OfflineMessage(id, name, email, message, now));
            return id;
        });
    }
}
