package dev.switchboard.core.http;

import dev.switchboard.core.config.BuildInfo;
import dev.switchboard.core.store.Database;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import dev.switchboard.core.store.Threads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** {@code GET /health} (200 UP when the database answers, 503 otherwise) and {@code GET /api/info}. */
final class SystemRoutes {
    /** The ping's own answer comes before the health check's timeout, which Vert.x would answer with 500. */
    private static final long PING_MILLIS = 1_500;
    private static final long CHECK_TIMEOUT_MILLIS = 4_000;

    private final Database database;
    /** Pings run here, not on the read pool, so a backlog of reads cannot delay the answer. */
    private final ExecutorService pinger = Executors.newSingleThreadExecutor(Threads.named("db-health"));
    /** At most one ping at a time: while the database is down each takes the pool's connection timeout. */
    private final AtomicReference<CompletableFuture<Boolean>> inFlight = new AtomicReference<>();

    SystemRoutes(Database database) {
        this.database = database;
    }

    private CompletableFuture<Boolean> ping() {
        CompletableFuture<Boolean> current = inFlight.get();
        if (current != null && !current.isDone()) {
            return current;
        }
        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(database::ping, pinger);
        inFlight.set(next);
        return next;
    }

    void mount(Router router, Vertx vertx) {
        HealthChecks checks = HealthChecks.create(vertx);
        checks.register("database", CHECK_TIMEOUT_MILLIS, promise ->
                ping().copy().completeOnTimeout(false, PING_MILLIS, TimeUnit.MILLISECONDS)
                        .whenComplete((up, failure) -> promise.complete(
                                failure == null && up ? Status.OK() : Status.KO())));
        router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(checks));
        router.get("/api/info").handler(ctx -> Responses.ok(ctx,
                json -> json.writeStringField("version", BuildInfo.version())));
    }
}
