package dev.switchboard.core.store;

import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.ExternalIdTakenException;
import dev.switchboard.core.visitor.RegistrationRequest;
import dev.switchboard.core.visitor.UnknownVisitorException;
import dev.switchboard.core.visitor.Visitor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** {@link ExternalIdStore} over JDBC; writes share the registration transaction logic of the visitor store. */
public final class JdbcExternalIdStore implements ExternalIdStore {
    private static final int MAX_ATTEMPTS = 5;
    private static final String VISITOR_BY_EXTERNAL_ID = "id = (SELECT visitor_id FROM external_ids "
            + "WHERE app_id = ? AND entity_id = ?)";

    private final Database database;
    private final JdbcVisitorStore visitors;
    private final Clock clock;

    public JdbcExternalIdStore(Database database, JdbcVisitorStore visitors, Clock clock) {
        this.database = database;
        this.visitors = visitors;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Optional<Visitor>> findVisitor(String appId, String entityId) {
        return database.read(connection -> findByExternalId(connection, appId, entityId));
    }

    @Override
    public CompletableFuture<Map<String, Visitor>> findVisitors(String appId, Collection<String> entityIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(entityIds));
        return database.read(connection -> AskedOrder.of(ids,
                VisitorRows.findLiveByExternalIds(connection, appId, ids)));
    }

    /**
     * Resolves by the entity id on a reader first, and only in the writer (where the contact match locks and a
     * new visitor is created atomically) when no visitor holds it yet: a known sender, the common case of a
     * channel's every message, does not queue for the writer.
     */
    @Override
    public CompletableFuture<Optional<Visitor>> resolve(ExternalId id, String phoneDigits, String email) {
        return findVisitor(id.appId(), id.entityId()).thenCompose(found -> found.isPresent()
                ? CompletableFuture.completedFuture(found)
                : database.transactions().submit(connection -> resolve(connection, id, phoneDigits, email)));
    }

    /** As {@link #resolve}: a visitor that already holds the entity id is found on a reader. */
    @Override
    public CompletableFuture<Resolved> resolveOrCreate(ExternalId id, String phoneDigits, String email,
                                                       RegistrationRequest newVisitor) {
        return findVisitor(id.appId(), id.entityId()).thenCompose(found -> found.isPresent()
                ? CompletableFuture.completedFuture(new Resolved(found.get(), false, null))
                : createUnlessResolved(id, phoneDigits, email, newVisitor));
    }

    private CompletableFuture<Resolved> createUnlessResolved(ExternalId id, String phoneDigits, String email,
                                                             RegistrationRequest newVisitor) {
        return database.transactions().submit(connection -> {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Optional<Visitor> found = resolve(connection, id, phoneDigits, email);
                if (found.isPresent()) {
                    return new Resolved(found.get(), false, null);
                }
                NamedSavepoints.set(connection, "resolve_create");
                VisitorStore.Registered registered = visitors.register(connection, newVisitor);
                if (insert(connection, registered.visitor().id(), id)) {
                    NamedSavepoints.release(connection, "resolve_create");
                    return new Resolved(reload(connection, registered.visitor().id()), true,
                            registered.replacedToken());
                }
                // Another writer attached this entity id first: undo our registration and resolve to theirs.
                NamedSavepoints.rollback(connection, "resolve_create");
            }
            throw new IllegalStateException("resolve-or-create kept conflicting with concurrent writers");
        });
    }

    @Override
    public CompletableFuture<Visitor> attach(String visitorId, ExternalId id) {
        return database.transactions().submit(connection -> {
            requireLive(connection, visitorId);
            if (!upsert(connection, visitorId, id)) {
                String holder = findByExternalId(connection, id.appId(), id.entityId()).map(Visitor::id)
                        .orElse("(erased)");
                throw new ExternalIdTakenException(id.appId(), id.entityId(), holder);
            }
            return reload(connection, visitorId);
        });
    }

    @Override
    public CompletableFuture<Attached> attachAll(String visitorId, List<ExternalId> ids) {
        return database.transactions().submit(connection -> {
            requireLive(connection, visitorId);
            List<ExternalId> refused = new ArrayList<>();
            for (ExternalId id : ids) {
                if (!upsert(connection, visitorId, id)) {
                    refused.add(id);
                }
            }
            return new Attached(reload(connection, visitorId), refused);
        });
    }

    @Override
    public CompletableFuture<Visitor> detach(String visitorId, String appId, String entityId) {
        return database.transactions().submit(connection -> {
            requireLive(connection, visitorId);
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM external_ids WHERE app_id = ? AND entity_id = ? AND visitor_id = ?")) {
                statement.setString(1, appId);
                statement.setString(2, entityId);
                statement.setString(3, visitorId);
                statement.executeUpdate();
            }
            return reload(connection, visitorId);
        });
    }

    private Optional<Visitor> resolve(Connection connection, ExternalId id, String phoneDigits, String email)
            throws SQLException {
        Optional<Visitor> byEntity = findByExternalId(connection, id.appId(), id.entityId());
        if (byEntity.isPresent()) {
            return byEntity; // as is: resolving never rewrites what is stored
        }
        Optional<Visitor> byContact = phoneDigits != null
                ? VisitorRows.lockLive(connection, database.dialect(), "phone_digits = ?", phoneDigits)
                : Optional.empty();
        if (byContact.isEmpty() && email != null) {
            byContact = VisitorRows.lockOldestLiveByEmail(connection, database.dialect(), email);
        }
        if (byContact.isEmpty()) {
            return Optional.empty();
        }
        String visitorId = byContact.get().id();
        if (!insert(connection, visitorId, id)) {
            // Attached concurrently (to this or another visitor): whoever holds it now is the answer.
            return findByExternalId(connection, id.appId(), id.entityId());
        }
        return Optional.of(reload(connection, visitorId));
    }

    private static Optional<Visitor> findByExternalId(Connection connection, String appId, String entityId)
            throws SQLException {
        String sql = "SELECT " + VisitorRows.COLUMNS + " FROM visitors WHERE erased_at IS NULL AND "
                + VISITOR_BY_EXTERNAL_ID;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, appId);
            statement.setString(2, entityId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Visitor visitor = VisitorRows.read(rows);
                return Optional.of(visitor.withExternalIds(VisitorRows.externalIds(connection, visitor.id())));
            }
        }
    }

    /** Inserts the id for the visitor; false when the pair exists already (for any visitor). */
    private boolean insert(Connection connection, String visitorId, ExternalId id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO external_ids (app_id, entity_id, visitor_id, metadata, created_at) VALUES (?, ?, ?, "
                        + database.dialect().jsonParameter() + ", ?) ON CONFLICT DO NOTHING")) {
            bind(statement, visitorId, id);
            return statement.executeUpdate() == 1;
        }
    }

    /** Inserts the id, or updates its metadata when this visitor holds it already; false if another does. */
    private boolean upsert(Connection connection, String visitorId, ExternalId id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO external_ids (app_id, entity_id, visitor_id, metadata, created_at) VALUES (?, ?, ?, "
                        + database.dialect().jsonParameter() + ", ?) ON CONFLICT (app_id, entity_id) DO UPDATE "
                        + "SET metadata = EXCLUDED.metadata WHERE external_ids.visitor_id = EXCLUDED.visitor_id")) {
            bind(statement, visitorId, id);
            return statement.executeUpdate() == 1;
        }
    }

    private void bind(PreparedStatement statement, String visitorId, ExternalId id) throws SQLException {
        statement.setString(1, id.appId());
        statement.setString(2, id.entityId());
        statement.setString(3, visitorId);
        statement.setString(4, JsonColumns.write(id.metadata()));
        statement.setLong(5, clock.millis());
    }

    private void requireLive(Connection connection, String visitorId) throws SQLException {
        // Locked, so an erasure running at the same time cannot miss the id attached here (PostgreSQL).
        if (VisitorRows.lockLive(connection, database.dialect(), "id = ?", visitorId).isEmpty()) {
            throw new UnknownVisitorException(visitorId);
        }
    }

    /** The visitor after a change, with other nodes told to forget its cached token once this commits. */
    private Visitor reload(Connection connection, String visitorId) throws SQLException {
        Visitor visitor = VisitorRows.findLive(connection, "id = ?", visitorId)
                .orElseThrow(() -> new UnknownVisitorException(visitorId));
        database.events().tokensChanged(connection, visitor.token());
        return visitor;
    }
}
