package dev.switchboard.core.visitor;

import dev.switchboard.core.store.ExternalIdStore;
import dev.switchboard.core.store.ExternalIdStore.Attached;
import dev.switchboard.core.store.ExternalIdStore.Resolved;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * External identities on visitors. Every change invalidates the visitor's cached token after its commit; a
 * visitor created by resolve-or-create goes through the registration hooks like any other registration.
 */
public final class ExternalIdService {
    private final ExternalIdStore store;
    private final VisitorService visitors;

    public ExternalIdService(ExternalIdStore store, VisitorService visitors) {
        this.store = store;
        this.visitors = visitors;
    }

    public CompletableFuture<Optional<Visitor>> findVisitor(String appId, String entityId) {
        return store.findVisitor(appId, entityId);
    }

    /** The visitors holding these entity ids of the app, by id; ids nobody holds are left out. */
    public CompletableFuture<Map<String, Visitor>> findVisitors(String appId, Collection<String> entityIds) {
        return store.findVisitors(appId, entityIds);
    }

    public CompletableFuture<Optional<Visitor>> resolve(ExternalId id, String phone, String email) {
        return store.resolve(id, PhoneNumbers.digits(phone), Emails.normalize(email))
                .thenApply(found -> {
                    found.ifPresent(this::invalidate);
                    return found;
                });
    }

    public CompletableFuture<Visitor> resolveOrCreate(ExternalId id, String phone, String email,
                                                      RegistrationRequest newVisitor) {
        return store.resolveOrCreate(id, PhoneNumbers.digits(phone), Emails.normalize(email), newVisitor)
                .thenCompose((Resolved resolved) -> {
                    invalidate(resolved.visitor());
                    visitors.invalidate(resolved.replacedToken());
                    return resolved.created()
                            ? visitors.afterRegistration(resolved.visitor(), RegistrationSource.APP)
                            : CompletableFuture.completedFuture(resolved.visitor());
                });
    }

    public CompletableFuture<Visitor> attach(String visitorId, ExternalId id) {
        return store.attach(visitorId, id).thenApply(this::invalidated);
    }

    public CompletableFuture<Attached> attachAll(String visitorId, List<ExternalId> ids) {
        return store.attachAll(visitorId, ids).thenApply(attached -> {
            invalidate(attached.visitor());
            return attached;
        });
    }

    public CompletableFuture<Visitor> detach(String visitorId, String appId, String entityId) {
        return store.detach(visitorId, appId, entityId).thenApply(this::invalidated);
    }

    private Visitor invalidated(Visitor visitor) {
        invalidate(visitor);
        return visitor;
    }

    private void invalidate(Visitor visitor) {
        visitors.invalidate(visitor.token());
    }
}
