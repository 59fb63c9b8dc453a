package dev.switchboard.core.http;

import dev.switchboard.core.config.BuildInfo;
import dev.switchboard.core.store.Database;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.concurrent.CompletableFuture;

/** {@code GET /health} (200 UP when the database answers, 503 otherwise) and {@code GET /api/info}. */
final class SystemRoutes {
    private final Database database;

    SystemRoutes(Database database) {
        this.database = database;
    }

    void mount(Router router, Vertx vertx) {
        HealthChecks checks = HealthChecks.create(vertx);
        checks.register("database", 2_000, promise ->
                CompletableFuture.supplyAsync(database::ping, database.readers())
                        .whenComplete((up, failure) -> promise.complete(
                                failure == null && up ? Status.OK() : Status.KO())));
        router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(checks));
        router.get("/api/info").handler(ctx -> Responses.ok(ctx,
                json -> json.writeStringField("version", BuildInfo.version())));
    }
}
