package dev.switchboard.core.plugin;

import dev.switchboard.spi.AppResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * The writes an endpoint starts with {@code KeyValueStore.putAsync} while it handles a request: its response is
 * sent only once they are all durable, and a failed one fails the response (see the SPI's {@code putAsync}).
 */
final class EndpointWrites {
    private static final ThreadLocal<List<CompletableFuture<?>>> STARTED = new ThreadLocal<>();

    private EndpointWrites() { }

    /** Runs an endpoint call; the result completes once it has returned and every write it started is durable. */
    static CompletableFuture<AppResponse> call(Callable<AppResponse> endpoint) throws Exception {
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
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(ignored -> response);
    }

    /** Records a write started on this thread, when an endpoint call is running here. */
    static void started(CompletableFuture<?> write) {
        List<CompletableFuture<?>> writes = STARTED.get();
        if (writes != null) {
            writes.add(write);
        }
    }
}
