package dev.switchboard.core.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.settings.SettingDefinition;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.settings.SettingDefinitions;
import dev.switchboard.core.settings.SettingType;
import dev.switchboard.core.settings.Settings;
import dev.switchboard.core.settings.SettingsService;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rocket.Chat's settings API for the host settings: {@code GET /api/v1/settings} (any signed-in user; only public
 * settings without {@code view-privileged-setting}), {@code GET /api/v1/settings/:_id} (needs
 * {@code view-privileged-setting}) and {@code POST /api/v1/settings/:_id {value}} (needs
 * {@code edit-privileged-setting}). An unknown id, and a POST without {@code value}, are Rocket.Chat's bare
 * {@code {"success":false}} (400). A secret setting's value is never answered: it comes as {@code secret: true} and
 * whether it is {@code configured}.
 */
final class SettingsRoutes {
    /** Rocket.Chat's {@code isSettingsGetParams}; {@code sort}, {@code fields} and {@code query} are not applied. */
    private static final Set<String> LIST_QUERY = Set.of("includeDefaults", "count", "offset", "sort", "fields",
            "query");
    private final SettingsService settings;
    private final Handler<RoutingContext> signedIn;
    private final Handler<RoutingContext> canView;
    private final Handler<RoutingContext> canEdit;

    SettingsRoutes(SettingsService settings, Handler<RoutingContext> signedIn, Handler<RoutingContext> canView,
                   Handler<RoutingContext> canEdit) {
        this.settings = settings;
        this.signedIn = signedIn;
        this.canView = canView;
        this.canEdit = canEdit;
    }

    void mount(Router router, BodyHandler bodies) {
        router.get("/api/v1/settings").handler(signedIn).handler(this::list);
        router.get("/api/v1/settings/:_id").handler(canView).handler(this::get);
        router.post("/api/v1/settings/:_id").handler(bodies).handler(canEdit).handler(this::update);
    }

    /** {@code includeDefaults=true} adds each setting's default as {@code packageValue}, as Rocket.Chat does. */
    private void list(RoutingContext ctx) {
        Params.query(ctx, Set.of(), LIST_QUERY);
        Params.Paging paging = Params.paging(ctx);
        boolean includeDefaults = Params.booleanQuery(ctx, "includeDefaults", false);
        boolean privileged = Authenticator.user(ctx).has(Permission.VIEW_PRIVILEGED_SETTING);
        List<SettingDefinition> visible = SettingDefinitions.all().stream()
                .filter(definition -> privileged || definition.visibleToAll())
                .toList();
        int from = Math.min(paging.offset(), visible.size());
        List<SettingDefinition> page = visible.subList(from, from + Math.min(paging.count(), visible.size() - from));
        Settings current = settings.current();
        Responses.ok(ctx, json -> {
            json.writeArrayFieldStart("settings");
            for (SettingDefinition definition : page) {
                json.writeStartObject();
                writeSetting(json, definition, current);
                if (includeDefaults && !definition.secret()) {
                    json.writeFieldName("packageValue");
                    JsonWriter.value(json, definition.defaultValue());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("count", page.size());
            json.writeNumberField("offset", paging.offset());
            json.writeNumberField("total", visible.size());
        });
    }

    private void get(RoutingContext ctx) {
        Optional<SettingDefinition> definition = SettingDefinitions.find(ctx.pathParam("_id"));
        if (definition.isEmpty()) {
            Responses.failure(ctx);
            return;
        }
        Settings current = settings.current();
        Responses.ok(ctx, json -> writeSetting(json, definition.get(), current));
    }

    private void update(RoutingContext ctx) {
        String id = ctx.pathParam("_id");
        JsonNode body = Params.object(JsonRequests.parse(ctx.body().buffer()));
        JsonNode value = body.get("value");
        Optional<SettingDefinition> definition = SettingDefinitions.find(id);
        // Rocket.Chat answers a body without value (isSettingsUpdatePropDefault) as it answers an unknown setting.
        if (definition.isEmpty() || value == null) {
            Responses.failure(ctx);
            return;
        }
        AsyncResponder.respond(ctx, settings.update(id, read(definition.get().type(), value)),
                updated -> Responses.ok(ctx, json -> { }));
    }

    /** The JSON value as a value of the setting's type, or Rocket.Chat's Match error ({@code saveSettings}). */
    private static Object read(SettingType type, JsonNode value) {
        Object java = value.isBoolean() ? (Object) value.booleanValue()
                : value.isTextual() ? value.textValue()
                : value.isIntegralNumber() && value.canConvertToInt() ? (Object) value.intValue()
                : null;
        if (type.accepts(java)) {
            return java;
        }
        if (type == SettingType.INT && value.isNumber()) {
            throw ApiError.match("Expected a whole number, got " + value);
        }
        throw ApiError.match("Expected " + type.javaScriptType() + ", got " + MatchCheck.typeOf(value));
    }

    private static void writeSetting(JsonGenerator json, SettingDefinition definition, Settings current)
            throws IOException {
        json.writeStringField("_id", definition.id());
        Object value = current.value(definition.id());
        if (definition.secret()) {
            json.writeBooleanField("secret", true);
            json.writeBooleanField("configured", !value.equals(definition.defaultValue()));
        } else {
            json.writeFieldName("value");
            JsonWriter.value(json, value);
        }
    }
}
