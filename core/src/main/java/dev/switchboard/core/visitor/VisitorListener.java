package dev.switchboard.core.visitor;

import dev.switchboard.core.store.VisitorStore.Erased;
import java.util.concurrent.CompletableFuture;

/**
 * Told about committed registrations and erasures; the plugin host implements it to run plugins' hooks.
 * {@link #afterRegistration} may change the visitor (attach external ids) and returns its state for the response.
 */
public interface VisitorListener {
    VisitorListener NONE = new VisitorListener() { };

    default CompletableFuture<Visitor> afterRegistration(Visitor visitor, RegistrationSource source) {
        return CompletableFuture.completedFuture(visitor);
    }

    default void afterErasure(Erased erased) {
    }
}
