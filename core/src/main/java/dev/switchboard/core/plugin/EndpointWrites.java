package dev.switchboard.core.plugin;

import dev.switchboard.core.error.Failures;
import dev.switchboard.spi.AppResponse;
import dev.switchboard.spi.HostUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The writes an endpoint starts with {@code KeyValueStore.putAsync} while it handles a request: its response is
 * sent only once they are all durable, and a failed one fails the response (see the SPI's {@code putAsync}).
 */
final class EndpointWrites {
    private static final ThreadLocal<List<CompletableFuture<?>>> STARTED = new ThreadLocal<>();

    private EndpointWrites() { }

    /**
     * Runs an endpoint call; the result completes once it has returned and every write it started is durable. Writes
     * that are not durable within {@code writeBudget} fail it with {@link HostUnavailableException}, as a
     * blocking SPI call would after the same wait.
     */
    static CompletableFuture<AppResponse> call(Callable<AppResponse> endpoint, Duration writeBudget)
            throws Exception {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        STARTED.set(writes);
        AppResponse response;
        try {
            response = endpoint.call();
        } finally {
            STARTED.remove();
        }
        if (writes.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                .orTimeout(writeBudget.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ignored, failure) -> {
                    if (failure != null) {
                        throw failed(failure, writeBudget);
                    }
                    return response;
                });
    }

    /**
     * A write's failure as the SPI's exception for it, as a blocking call would have thrown; running out of the
     * budget as the host being unavailable.
     */
    private static RuntimeException failed(Throwable failure, Duration writeBudget) {
        Throwable cause = Failures.cause(failure);
        if (cause instanceof TimeoutException) {
            return new HostUnavailableException(
                    "The app's writes were not stored within " + writeBudget.toSeconds() + " s", cause);
        }
        return Blocking.translate(cause);
    }

    /** Records a write started on this thread, when an endpoint call is running here. */
    static void started(CompletableFuture<?> write) {
        List<CompletableFuture<?>> writes = STARTED.get();
        if (writes != null) {
            writes.add(write);
        }
    }
}
