package dev.switchboard.core.visitor;

import dev.switchboard.core.cache.CachedVisitor;
import dev.switchboard.core.cache.VisitorCache;
import dev.switchboard.core.config.VisitorMatching;
import dev.switchboard.core.store.VisitorStore;
import dev.switchboard.core.store.VisitorStore.Erased;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The visitor use cases: register (the matching rules of {@link RegistrationPlanner}, then plugins' hooks), look
 * up by token (cached), erase. Keeps the token cache right: every committed change invalidates the tokens it touched before
 * its caller is answered.
 */
public final class VisitorService {
    private final VisitorStore store;
    private final VisitorCache cache;
    private final VisitorMatching matching;
    private volatile VisitorListener listener = VisitorListener.NONE;
    private volatile Consumer<List<String>> roomsErased = rooms -> { };

    /** {@code matching} says whether the visitor API's registrations may match by phone or email. */
    public VisitorService(VisitorStore store, VisitorCache cache, VisitorMatching matching) {
        this.store = store;
        this.cache = cache;
        this.matching = matching;
    }

    /** Set once at start-up by the plugin host. */
    public void setListener(VisitorListener listener) {
        this.listener = Objects.requireNonNull(listener);
    }

    /** Set once at start-up by the conversations domain: told the rooms an erasure deleted, after its commit. */
    public void onRoomsErased(Consumer<List<String>> roomsErased) {
        this.roomsErased = Objects.requireNonNull(roomsErased);
    }

    /**
     * Registers {@code request}. From the visitor API it lands on an existing visitor only by its token unless the
     * host runs Rocket.Chat's matching; an app's request keeps the matching it asked for.
     */
    public CompletableFuture<Visitor> register(RegistrationRequest request, RegistrationSource source) {
        RegistrationRequest matched = source == RegistrationSource.REST && !matching.matchesContacts()
                ? request.tokenOnly() : request;
        return store.register(matched, source.durability())
                .thenApply(registered -> {
                    cache.invalidate(request.token(), registered.visitor().token(), registered.replacedToken());
                    return registered.visitor();
                })
                .thenCompose(visitor -> afterRegistration(visitor, source));
    }

    /** Runs the listener (plugins' hooks) for a visitor registered through another path. */
    CompletableFuture<Visitor> afterRegistration(Visitor visitor, RegistrationSource source) {
        return listener.afterRegistration(visitor, source);
    }

    public CompletableFuture<Optional<Visitor>> findByToken(String token) {
        CompletableFuture<Optional<CachedVisitor>> cached = cache.get(token);
        return cached.thenApply(found -> found.map(CachedVisitor::visitor));
    }

    /** Like {@link #findByToken}, with the cache entry itself, so a caller can reuse what it rendered of it. */
    public CompletableFuture<Optional<CachedVisitor>> findCachedByToken(String token) {
        return cache.get(token);
    }

    public CompletableFuture<Optional<Visitor>> findById(String id) {
        return store.findById(id);
    }

    public CompletableFuture<Optional<Erased>> eraseByToken(String token) {
        return store.eraseByToken(token).thenApply(this::afterErasure);
    }

    public CompletableFuture<Optional<Erased>> eraseById(String id) {
        return store.eraseById(id).thenApply(this::afterErasure);
    }

    /** Forgets a visitor's cached token after some other committed change to it (e.g. a new external id). */
    public void invalidate(String token) {
        cache.invalidate(token);
    }

    private Optional<Erased> afterErasure(Optional<Erased> erased) {
        erased.ifPresent(e -> {
            cache.invalidate(e.token());
            roomsErased.accept(e.rooms());
            listener.afterErasure(e);
        });
        return erased;
    }
}
