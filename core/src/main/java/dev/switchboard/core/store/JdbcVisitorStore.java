package dev.switchboard.core.store;

import dev.switchboard.core.visitor.RegistrationRequest;
import dev.switchboard.core.visitor.Visitor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** {@link VisitorStore} over JDBC, in SQL that SQLite and PostgreSQL share. */
public final class JdbcVisitorStore implements VisitorStore {
    private final Database database;
    private final Clock clock;
    private final VisitorRegistrations registrations;

    public JdbcVisitorStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.registrations = new VisitorRegistrations(database, clock);
    }

    @Override
    public CompletableFuture<Optional<Visitor>> findByToken(String token) {
        return database.read(connection -> VisitorRows.findLive(connection, "token = ?", token));
    }

    @Override
    public CompletableFuture<Optional<Visitor>> findById(String id) {
        return database.read(connection -> VisitorRows.findLive(connection, "id = ?", id));
    }

    @Override
    public CompletableFuture<Registered> register(RegistrationRequest request, Durability durability) {
        return database.transactions().submit(registrations, request, durability);
    }

    @Override
    public CompletableFuture<Optional<Erased>> eraseByToken(String token) {
        return database.transactions().submit(connection -> erase(connection, "token = ?", token));
    }

    @Override
    public CompletableFuture<Optional<Erased>> eraseById(String id) {
        return database.transactions().submit(connection -> erase(connection, "id = ?", id));
    }

    /** Registration inside a transaction someone else owns (e.g. resolve-or-create of an external id). */
    Registered register(Connection connection, RegistrationRequest request) throws SQLException {
        return registrations.runOne(connection, request);
    }

    private Optional<Erased> erase(Connection connection, String condition, String value) throws SQLException {
        Optional<Visitor> found = VisitorRows.lockLive(connection, database.dialect(), condition, value);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Visitor visitor = found.get();
        Instant now = clock.instant();
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE visitors SET token = NULL, username = NULL, name = NULL, email = NULL, phone = NULL, "
                        + "phone_digits = NULL, department = NULL, status = NULL, livechat_data = NULL, "
                        + "last_chat_id = NULL, last_chat_ts = NULL, updated_at = ?, erased_at = ? WHERE id = ?")) {
            statement.setLong(1, now.toEpochMilli());
            statement.setLong(2, now.toEpochMilli());
            statement.setString(3, visitor.id());
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM external_ids WHERE visitor_id = ?")) {
            statement.setString(1, visitor.id());
            statement.executeUpdate();
        }
        // Rocket.Chat's removeGuest: rooms and messages too
        List<String> rooms = ConversationRows.eraseRoomsOf(connection, visitor.id());
        database.events().tokensChanged(connection, visitor.token());
        return Optional.of(new Erased(visitor.id(), visitor.token(), visitor.phone(), visitor.email(),
                new ArrayList<>(visitor.externalIds()), rooms, now));
    }
}
