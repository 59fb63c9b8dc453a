package dev.switchboard.core.http;

import dev.switchboard.core.config.BuildInfo;
import dev.switchboard.core.store.Database;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.concurrent.TimeUnit;

/** {@code GET /health} (200 UP when the database answers, 503 otherwise) and {@code GET /api/info}. */
final class SystemRoutes {
    /** The ping's own answer comes before the health check's timeout, which Vert.x would answer with 500. */
    private static final long PING_MILLIS = 1_500;
    private static final long CHECK_TIMEOUT_MILLIS = 4_000;

    private final Database database;

    SystemRoutes(Database database) {
        this.database = database;
    }

    void mount(Router router, Vertx vertx) {
        HealthChecks checks = HealthChecks.create(vertx);
        checks.register("database", CHECK_TIMEOUT_MILLIS, promise ->
                database.health().copy().completeOnTimeout(false, PING_MILLIS, TimeUnit.MILLISECONDS)
                        .whenComplete((up, failure) -> promise.complete(
                                failure == null && up ? Status.OK() : Status.KO())));
        router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(checks));
        router.get("/api/info").handler(ctx -> Responses.ok(ctx,
                json -> json.writeStringField("version", BuildInfo.version())));
    }
}
