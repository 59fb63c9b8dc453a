package dev.switchboard.core.http;

import dev.switchboard.core.widget.WidgetConfigService;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/livechat/config?token=&department=&businessUnit=}: the widget's first call (no auth). The
 * query is checked as Rocket.Chat's ajv schema does (three optional strings, nothing else); a widget that is off
 * gets {@code {config:{enabled:false}}}.
 */
final class LivechatConfigRoutes {
    private static final Map<String, Integer> QUERY = Map.of(
            "token", InputLimits.TOKEN, "department", InputLimits.DEPARTMENT, "businessUnit", InputLimits.DEPARTMENT);

    private final WidgetConfigService widget;

    LivechatConfigRoutes(WidgetConfigService widget) {
        this.widget = widget;
    }

    void mount(Router router) {
        router.get("/api/v1/livechat/config").handler(this::config);
    }

    private void config(RoutingContext ctx) {
        Params.query(ctx, Set.of(), QUERY.keySet());
        QUERY.forEach((name, maxLength) -> Params.optionalQuery(ctx, name, maxLength));
        if (!widget.enabled()) {
            Responses.ok(ctx, json -> {
                json.writeObjectFieldStart("config");
                json.writeBooleanField("enabled", false);
                json.writeEndObject();
            });
            return;
        }
        // department and businessUnit choose agents and Enterprise business units; with neither here, only the
        // token matters (they are still checked above).
        String token = ctx.queryParams().get("token");
        AsyncResponder.respond(ctx, widget.config(token), config -> Responses.ok(ctx, json -> {
            json.writeFieldName("config");
            json.writeStartObject();
            WidgetConfigJson.write(json, config, soundUrl(ctx));
            json.writeEndObject();
        }));
    }

    /** Rocket.Chat's {@code ${absoluteUrl}sounds/chime.mp3}, on the origin the widget called. */
    private static String soundUrl(RoutingContext ctx) {
        HostAndPort authority = ctx.request().authority();
        String origin = authority == null ? "" : ctx.request().scheme() + "://" + authority;
        return origin + "/sounds/chime.mp3";
    }
}
