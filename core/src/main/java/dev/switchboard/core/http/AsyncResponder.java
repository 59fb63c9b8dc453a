package dev.switchboard.core.http;

import dev.switchboard.core.error.Failures;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Brings a store future back onto the request's event loop and answers from there. */
final class AsyncResponder {
    private AsyncResponder() { }

    static <T> void respond(RoutingContext ctx, CompletableFuture<T> future, Consumer<T> onSuccess) {
        if (future.isDone() && !future.isCompletedExceptionally()) {
            onSuccess.accept(future.join()); // the cache hit path: no hop needed
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        future.whenComplete((value, failure) -> context.runOnContext(ignored -> {
            if (failure != null) {
                ctx.fail(Failures.cause(failure));
            } else {
                try {
                    onSuccess.accept(value);
                } catch (RuntimeException e) {
                    ctx.fail(e);
                }
            }
        }));
    }
}
