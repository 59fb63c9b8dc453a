package dev.switchboard.core.store;

import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.RegistrationRequest;
import dev.switchboard.core.visitor.Visitor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * External identities of visitors, unique per {@code (appId, entityId)} in the database. The app id is always
 * the caller's, decided by the host.
 */
public interface ExternalIdStore {

    /** The live visitor holding this app's {@code entityId}. */
    CompletableFuture<Optional<Visitor>> findVisitor(String appId, String entityId);

    /** The live visitors holding these entity ids of the app, by id, in one read; ids nobody holds are left out. */
    CompletableFuture<Map<String, Visitor>> findVisitors(String appId, Collection<String> entityIds);

    /**
     * Rocket.Chat 8.4's resolveVisitor: the visitor holding this app's entity id, as is; else the visitor with
     * {@code phoneDigits} or else {@code email}, with the id attached; else empty. Never creates.
     */
    CompletableFuture<Optional<Visitor>> resolve(ExternalId id, String phoneDigits, String email);

    /**
     * {@link #resolve}, and when nothing is found, registers {@code newVisitor} and attaches the id, atomically:
     * concurrent calls for one new entity id end on one visitor.
     */
    CompletableFuture<Resolved> resolveOrCreate(ExternalId id, String phoneDigits, String email,
                                                RegistrationRequest newVisitor);

    /** Attaches (or updates the metadata of) {@code id} on the visitor; fails if another visitor holds it. */
    CompletableFuture<Visitor> attach(String visitorId, ExternalId id);

    /** Attaches each id the visitor can take; ids other visitors hold are skipped and returned as such. */
    CompletableFuture<Attached> attachAll(String visitorId, List<ExternalId> ids);

    /** Removes this app's {@code entityId} from the visitor (nothing happens when it is not there). */
    CompletableFuture<Visitor> detach(String visitorId, String appId, String entityId);

    /**
     * A resolve-or-create outcome; {@code created} says a new visitor was registered, and {@code replacedToken} is
     * the token an email match took away from an existing visitor (or null).
     */
    record Resolved(Visitor visitor, boolean created, String replacedToken) { }

    /** The visitor after {@link #attachAll}, and the ids that were not attached because others hold them. */
    record Attached(Visitor visitor, List<ExternalId> refused) { }
}
