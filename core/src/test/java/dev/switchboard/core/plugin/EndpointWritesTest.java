package dev.switchboard.core.plugin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.error.ServiceUnavailableException;
import dev.switchboard.spi.AppResponse;
import dev.switchboard.spi.HostUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EndpointWritesTest {
    private static final AppResponse OK = AppResponse.text(200, "ok");
    private static final Duration BUDGET = Duration.ofSeconds(30);

    @Test
    void theResponseWaitsForEveryWriteTheEndpointStarted() throws Exception {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        CompletableFuture<AppResponse> response = EndpointWrites.call(() -> {
            EndpointWrites.started(first);
            EndpointWrites.started(second);
            return OK;
        }, BUDGET);
        assertFalse(response.isDone());
        first.complete(null);
        assertFalse(response.isDone(), "one write is still not durable");
        second.complete(null);
        assertSame(OK, response.get());
    }

    @Test
    void aFailedWriteFailsTheResponse() throws Exception {
        CompletableFuture<Void> write = new CompletableFuture<>();
        CompletableFuture<AppResponse> response = EndpointWrites.call(() -> {
            EndpointWrites.started(write);
            return OK;
        }, BUDGET);
        write.completeExceptionally(new ServiceUnavailableException("database down", null));
        ExecutionException failure = assertThrows(ExecutionException.class, response::get);
        assertTrue(failure.getCause() instanceof HostUnavailableException, failure.toString());
    }

    @Test
    void writesNotDurableWithinTheBudgetFailTheResponseAsUnavailable() throws Exception {
        CompletableFuture<AppResponse> response = EndpointWrites.call(() -> {
            EndpointWrites.started(new CompletableFuture<Void>()); // never committed
            return OK;
        }, Duration.ofMillis(50));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> response.get(10, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof HostUnavailableException, failure.toString());
    }

    @Test
    void writesOutsideAnEndpointCallAreNotCollected() throws Exception {
        EndpointWrites.started(new CompletableFuture<Void>()); // a hook or task: nothing to wait for
        assertSame(OK, EndpointWrites.call(() -> OK, BUDGET).getNow(null), "no write: answered at once");
    }
}
