package dev.switchboard.core.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.plugin.AppView;
import dev.switchboard.core.plugin.PluginHost;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Operators' view of apps: {@code GET /api/apps}, {@code GET /api/apps/:id},
 * {@code POST /api/apps/:id/settings}, {@code POST /api/apps/:id/status}. Admins only; secret setting values are
 * never returned.
 */
final class AppAdminRoutes {
    private final PluginHost plugins;
    private final Handler<RoutingContext> requireAdmin;

    AppAdminRoutes(PluginHost plugins, Handler<RoutingContext> requireAdmin) {
        this.plugins = plugins;
        this.requireAdmin = requireAdmin;
    }

    void mount(Router router, BodyHandler bodies) {
        router.get("/api/apps").handler(requireAdmin).handler(this::list);
        router.get("/api/apps/:id").handler(requireAdmin).handler(this::get);
        router.post("/api/apps/:id/settings").handler(bodies).handler(requireAdmin).handler(this::settings);
        router.post("/api/apps/:id/status").handler(bodies).handler(requireAdmin).handler(this::status);
    }

    private void list(RoutingContext ctx) {
        Responses.ok(ctx, json -> {
            json.writeArrayFieldStart("apps");
            for (AppView app : plugins.apps()) {
                json.writeStartObject();
                writeSummary(json, app);
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    private void get(RoutingContext ctx) {
        AppView app = plugins.app(ctx.pathParam("id")).orElseThrow(() -> notFound(ctx.pathParam("id")));
        Responses.ok(ctx, json -> writeApp(json, app));
    }

    private void settings(RoutingContext ctx) {
        JsonNode body = MatchCheck.requireObjectBody(JsonRequests.parse(ctx.body().buffer()));
        JsonNode settings = MatchCheck.requireObject(body, "settings", "");
        Map<String, String> changes = new LinkedHashMap<>();
        settings.fields().forEachRemaining(field -> changes.put(field.getKey(), settingValue(field)));
        AsyncResponder.respond(ctx, plugins.updateSettings(ctx.pathParam("id"), changes), app -> {
            Audit.changed(ctx, "app settings changed", app.id() + " " + changes.keySet());
            Responses.ok(ctx, json -> writeApp(json, app));
        });
    }

    private void status(RoutingContext ctx) {
        JsonNode body = MatchCheck.requireObjectBody(JsonRequests.parse(ctx.body().buffer()));
        String status = MatchCheck.requireString(body, "status", "", 64);
        boolean enable = switch (status) {
            case "manually_enabled" -> true;
            case "manually_disabled" -> false;
            default -> throw ApiError.meteor("error-invalid-params",
                    "status must be manually_enabled or manually_disabled");
        };
        AsyncResponder.respond(ctx, plugins.setOperatorStatus(ctx.pathParam("id"), enable), app -> {
            Audit.changed(ctx, "app status set to " + status, app.id() + " (now " + app.status().wireName() + ")");
            Responses.ok(ctx, json -> writeApp(json, app));
        });
    }

    private static String settingValue(Map.Entry<String, JsonNode> field) {
        JsonNode value = field.getValue();
        if (value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean() || value.isIntegralNumber()) {
            return value.asText();
        }
        throw ApiError.match("Expected string, boolean, integer or null, got " + MatchCheck.typeOf(value)
                + " in field settings." + field.getKey());
    }

    private static void writeApp(JsonGenerator json, AppView app) throws IOException {
        json.writeObjectFieldStart("app");
        writeSummary(json, app);
        json.writeArrayFieldStart("endpoints");
        for (String path : app.endpoints()) {
            json.writeString("/api/apps/public/" + app.id() + "/" + path);
        }
        json.writeEndArray();
        json.writeNumberField("registrationHooks", app.registrationHooks());
        json.writeNumberField("erasureHooks", app.erasureHooks());
        json.writeArrayFieldStart("settings");
        for (AppView.Setting setting : app.settings()) {
            writeSetting(json, setting);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeSummary(JsonGenerator json, AppView app) throws IOException {
        json.writeStringField("id", app.id());
        json.writeStringField("version", app.version());
        json.writeStringField("status", app.status().wireName());
        json.writeStringField("statusReason", app.statusReason());
        json.writeStringField("description", app.description());
        json.writeStringField("source", app.source());
        json.writeNumberField("hookFailures", app.hookFailures());
    }

    private static void writeSetting(JsonGenerator json, AppView.Setting setting) throws IOException {
        var definition = setting.definition();
        json.writeStartObject();
        json.writeStringField("id", definition.id());
        json.writeStringField("type", definition.type().name().toLowerCase(Locale.ROOT));
        json.writeBooleanField("required", definition.required());
        json.writeBooleanField("secret", definition.secret());
        json.writeStringField("label", definition.label());
        json.writeStringField("description", definition.description());
        json.writeBooleanField("configured", setting.value() != null);
        if (!definition.secret()) {
            json.writeStringField("defaultValue", definition.defaultValue());
            json.writeStringField("value", setting.value());
        }
        json.writeEndObject();
    }

    private static ApiError notFound(String id) {
        return ApiError.meteor(404, "error-app-not-found", "No app " + id);
    }
}
