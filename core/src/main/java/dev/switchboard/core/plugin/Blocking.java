package dev.switchboard.core.plugin;

import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.visitor.ExternalIdTakenException;
import dev.switchboard.core.visitor.UnknownVisitorException;
import dev.switchboard.core.error.ServiceUnavailableException;
import dev.switchboard.core.store.TransactionQueue;
import dev.switchboard.spi.ExternalIdConflictException;
import dev.switchboard.spi.HostUnavailableException;
import dev.switchboard.spi.VisitorNotFoundException;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The SPI's capabilities are blocking calls made from plugin threads; this waits for the host's futures and turns
 * host failures into the SPI's exceptions. Calling from an event loop, or from a thread that answers writes, is
 * refused rather than blocking it.
 */
final class Blocking {
    /** How long a plugin's call waits for the host's answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Blocking() { }

    static <T> T await(CompletableFuture<T> future) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("Switchboard SPI calls block; do not make them on an event loop");
        }
        if (AppHttpClient.onCompletionThread()) {
            throw new IllegalStateException("Switchboard SPI calls block; do not make them in an AppHttp stage");
        }
        if (TransactionQueue.onAnswerThread()) {
            throw new IllegalStateException("Switchboard SPI calls block; do not make them in a write's continuation");
        }
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostUnavailableException("interrupted while waiting for the host", e);
        } catch (TimeoutException e) {
            throw new HostUnavailableException("the host did not answer within " + TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        }
    }

    /** The SPI's exception for a host failure. */
    static RuntimeException translate(Throwable cause) {
        if (cause instanceof UnknownVisitorException unknown) {
            return new VisitorNotFoundException(unknown.visitorId());
        }
        if (cause instanceof ExternalIdTakenException taken) {
            return new ExternalIdConflictException(taken.entityId(), taken.holderId());
        }
        if (cause instanceof ServiceUnavailableException unavailable) {
            return new HostUnavailableException(unavailable.getMessage(), unavailable);
        }
        if (cause instanceof ApiError error) {
            return new IllegalArgumentException(error.getMessage());
        }
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }
}
