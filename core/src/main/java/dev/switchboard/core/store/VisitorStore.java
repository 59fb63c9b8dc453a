package dev.switchboard.core.store;

import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.RegistrationPlanner;
import dev.switchboard.core.visitor.RegistrationRequest;
import dev.switchboard.core.visitor.Visitor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where visitors live. Every method runs off the caller's thread; writes complete after their commit.
 * Uniqueness is the database's job: one live visitor per token and per phone (by digits), one visitor per
 * {@code (appId, entityId)}.
 */
public interface VisitorStore {

    /** The live visitor holding {@code token}. */
    CompletableFuture<Optional<Visitor>> findByToken(String token);

    /** The live visitor with {@code id}. */
    CompletableFuture<Optional<Visitor>> findById(String id);

    /**
     * Registers or updates a visitor by Rocket.Chat's matching rules, atomically; answered once committed as
     * durably as {@code durability} asks.
     */
    CompletableFuture<Registered> register(RegistrationRequest request, Durability durability);

    /** Erases the personal data of the live visitor holding {@code token}; empty when there is none. */
    CompletableFuture<Optional<Erased>> eraseByToken(String token);

    /** Erases the personal data of the live visitor with {@code id}; empty when there is none. */
    CompletableFuture<Optional<Erased>> eraseById(String id);

    /** What a registration did. {@code replacedToken} is the token an email match took away, or null. */
    record Registered(RegistrationPlanner.Match match, Visitor visitor, String replacedToken) { }

    /** What an erasure removed, so caches and plugins can forget it too; {@code rooms}: the erased rooms' ids. */
    record Erased(String id, String token, String phone, String email, List<ExternalId> externalIds,
                  List<String> rooms, Instant erasedAt) { }
}
