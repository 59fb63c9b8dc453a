package dev.switchboard.core.http;

import dev.switchboard.core.config.BuildInfo;
import dev.switchboard.core.store.Database;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /health} (200 UP when the database answers, 503 otherwise), {@code GET /api/info}, and
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 description of every route, the resource {@code api/openapi.json}
 * (kept true by {@code OpenApiIT}; docs/architecture.md says how to add a route to it).
 */
final class SystemRoutes {
    /** The ping's own answer comes before the health check's timeout, which Vert.x would answer with 500. */
    private static final long PING_MILLIS = 1_500;
    private static final long CHECK_TIMEOUT_MILLIS = 4_000;

    static final String OPENAPI_RESOURCE = "/api/openapi.json";
    private static final Buffer OPENAPI = load(OPENAPI_RESOURCE);

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
        router.get("/api/openapi.json").handler(ctx ->
                ctx.response().putHeader("Content-Type", Responses.JSON).end(OPENAPI));
    }

    private static Buffer load(String resource) {
        try (InputStream in = SystemRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
