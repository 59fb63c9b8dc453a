package dev.switchboard.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;

/**
 * How far webhook delivery is behind, for the admin API: the events waiting to be sent (first tries and retries)
 * and when the oldest of them was queued. Kept apart from {@link JdbcWebhookQueue}, which only the dispatcher
 * drives; both read the {@code webhook_events_status} index.
 */
public final class WebhookBacklog {
    private final Database database;

    public WebhookBacklog(Database database) {
        this.database = database;
    }

    /** The waiting events; {@code oldestQueuedAt} is null (epoch millis otherwise) when none wait. */
    public record Backlog(long waiting, Long oldestQueuedAt) { }

    public CompletableFuture<Backlog> read() {
        return database.read(connection -> {
            long waiting = ConversationRows.count(connection,
                    "SELECT count(*) FROM webhook_events WHERE status = 'pending'");
            // seq follows the order events were queued in, so the first pending one is the oldest.
            try (PreparedStatement statement = connection.prepareStatement("SELECT queued_at FROM webhook_events "
                    + "WHERE status = 'pending' ORDER BY seq LIMIT 1");
                 ResultSet rows = statement.executeQuery()) {
                return new Backlog(waiting, rows.next() ? rows.getLong(1) : null);
            }
        });
    }
}
