package dev.switchboard.core.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.department.Department;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcDepartmentStore;
import dev.switchboard.core.visitor.RandomIds;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.time.Clock;

/**
 * {@code /api/v1/livechat/department}: list and read need {@code view-l-room}; create, change and remove need
 * {@code manage-livechat-departments}. Bodies are checked as Rocket.Chat's {@code check()} does
 * ({@code Match error: …}).
 */
final class DepartmentRoutes {
    static final int TEXT = 256;

    private final JdbcDepartmentStore store;
    private final Authenticator auth;
    private final Clock clock;

    DepartmentRoutes(JdbcDepartmentStore store, Authenticator auth, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.clock = clock;
    }

    void mount(Router router, BodyHandler bodies) {
        String base = "/api/v1/livechat/department";
        router.get(base).handler(auth.require(Permission.VIEW_L_ROOM)).handler(this::list);
        router.post(base).handler(bodies).handler(auth.require(Permission.MANAGE_LIVECHAT_DEPARTMENTS))
                .handler(this::create);
        router.get(base + "/:_id").handler(auth.require(Permission.VIEW_L_ROOM)).handler(this::get);
        router.put(base + "/:_id").handler(bodies).handler(auth.require(Permission.MANAGE_LIVECHAT_DEPARTMENTS))
                .handler(this::update);
        router.delete(base + "/:_id").handler(auth.require(Permission.MANAGE_LIVECHAT_DEPARTMENTS))
                .handler(this::delete);
    }

    private void list(RoutingContext ctx) {
        Params.Paging paging = Params.paging(ctx);
        String text = Params.optionalQuery(ctx, "text", TEXT);
        AsyncResponder.respond(ctx, store.list(text, paging.offset(), paging.count()), page ->
                Responses.ok(ctx, json -> {
                    json.writeArrayFieldStart("departments");
                    for (Department department : page.items()) {
                        json.writeStartObject();
                        writeFields(json, department);
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeNumberField("count", page.items().size());
                    json.writeNumberField("offset", paging.offset());
                    json.writeNumberField("total", page.total());
                }));
    }

    private void create(RoutingContext ctx) {
        Department department = parse(ctx, RandomIds.id());
        AsyncResponder.respond(ctx, store.create(department), created -> answer(ctx, created));
    }

    private void get(RoutingContext ctx) {
        AsyncResponder.respond(ctx, store.find(ctx.pathParam("_id")),
                found -> answer(ctx, found.orElseThrow(DepartmentRoutes::notFound)));
    }

    private void update(RoutingContext ctx) {
        Department department = parse(ctx, ctx.pathParam("_id"));
        AsyncResponder.respond(ctx, store.update(department),
                updated -> answer(ctx, updated.orElseThrow(DepartmentRoutes::notFound)));
    }

    private void delete(RoutingContext ctx) {
        AsyncResponder.respond(ctx, store.delete(ctx.pathParam("_id")), deleted -> {
            if (!deleted) {
                throw notFound();
            }
            Responses.ok(ctx, json -> { });
        });
    }

    private Department parse(RoutingContext ctx, String id) {
        JsonNode body = MatchCheck.requireObjectBody(JsonRequests.parse(ctx.body().buffer()));
        JsonNode department = MatchCheck.requireObject(body, "department", "");
        String path = "department";
        boolean enabled = MatchCheck.requireBoolean(department, "enabled", path);
        String name = MatchCheck.requireString(department, "name", path, InputLimits.DEPARTMENT);
        if (name.isBlank()) {
            throw ApiError.meteor("error-invalid-department-name", "The department name must not be empty");
        }
        String description = MatchCheck.optionalString(department, "description", path, 4096);
        boolean showOnRegistration = MatchCheck.requireBoolean(department, "showOnRegistration", path);
        String email = MatchCheck.requireString(department, "email", path, InputLimits.EMAIL);
        return new Department(id, name, enabled, showOnRegistration, email, description, clock.instant());
    }

    private static void answer(RoutingContext ctx, Department department) {
        Responses.ok(ctx, json -> {
            json.writeObjectFieldStart("department");
            writeFields(json, department);
            json.writeEndObject();
        });
    }

    private static void writeFields(JsonGenerator json, Department department) throws IOException {
        json.writeStringField("_id", department.id());
        json.writeStringField("name", department.name());
        json.writeBooleanField("enabled", department.enabled());
        json.writeBooleanField("showOnRegistration", department.showOnRegistration());
        json.writeStringField("email", department.email());
        if (department.description() != null) {
            json.writeStringField("description", department.description());
        }
        json.writeStringField("_updatedAt", VisitorJson.time(department.updatedAt()));
    }

    private static ApiError notFound() {
        return ApiError.meteor("error-department-not-found", "Department not found");
    }
}
