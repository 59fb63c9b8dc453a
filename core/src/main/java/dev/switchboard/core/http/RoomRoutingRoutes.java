package dev.switchboard.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.desk.RoomRoutingService;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rocket.Chat's {@code livechat/room.closeByUser} ({@code close-livechat-room}), {@code livechat/room.forward}
 * ({@code view-l-room} and {@code transfer-livechat-guest}) and {@code livechat/room.join} ({@code view-l-room}),
 * with its validators' keys (a missing one first, then anything else: {@code must NOT have additional properties}).
 * Each answers {@code {success: true}}.
 */
final class RoomRoutingRoutes {
    private static final Set<String> CLOSE_KEYS = Set.of("rid", "comment", "tags", "generateTranscriptPdf",
            "transcriptEmail", "forceClose");
    private static final Set<String> FORWARD_KEYS = Set.of("roomId", "userId", "departmentId", "comment",
            "clientAction");
    private static final Set<String> JOIN_KEYS = Set.of("roomId");
    private static final int MAX_TAGS = 100;

    private final RoomRoutingService routing;
    private final Authenticator auth;

    RoomRoutingRoutes(RoomRoutingService routing, Authenticator auth) {
        this.routing = routing;
        this.auth = auth;
    }

    void mount(Router router, BodyHandler bodies) {
        router.post("/api/v1/livechat/room.closeByUser").handler(bodies)
                .handler(auth.require(Permission.CLOSE_LIVECHAT_ROOM)).handler(this::closeByUser);
        router.post("/api/v1/livechat/room.forward").handler(bodies)
                .handler(auth.require(Permission.VIEW_L_ROOM, Permission.TRANSFER_LIVECHAT_GUEST))
                .handler(this::forward);
        router.get("/api/v1/livechat/room.join").handler(auth.require(Permission.VIEW_L_ROOM)).handler(this::join);
    }

    /**
     * Transcripts ({@code generateTranscriptPdf}, {@code transcriptEmail}) are validated and not produced:
     * Switchboard sends no e-mail and renders no PDF. {@code forceClose} is Rocket.Chat's
     * {@code Omnichannel_allow_force_close_conversations}, off by default, and so changes nothing.
     */
    private void closeByUser(RoutingContext ctx) {
        JsonNode body = Params.keys(JsonRequests.parse(ctx.body().buffer()), Set.of("rid"), CLOSE_KEYS);
        String rid = Params.requireString(body, "rid", InputLimits.ID);
        String comment = Params.optionalString(body, "comment", InputLimits.MESSAGE);
        List<String> tags = tags(body);
        optionalBoolean(body, "generateTranscriptPdf");
        optionalBoolean(body, "forceClose");
        transcriptEmail(body.get("transcriptEmail"));
        AsyncResponder.respond(ctx, routing.closeByUser(Authenticator.user(ctx), rid, comment, tags),
                closed -> Responses.ok(ctx, json -> { }));
    }

    private void forward(RoutingContext ctx) {
        JsonNode body = Params.keys(JsonRequests.parse(ctx.body().buffer()), Set.of("roomId"), FORWARD_KEYS);
        String roomId = Params.requireString(body, "roomId", InputLimits.ID);
        String userId = Params.optionalString(body, "userId", InputLimits.ID);
        String departmentId = Params.optionalString(body, "departmentId", InputLimits.DEPARTMENT);
        String comment = Params.optionalString(body, "comment", InputLimits.MESSAGE);
        optionalBoolean(body, "clientAction");
        AsyncResponder.respond(ctx, routing.forward(Authenticator.user(ctx), roomId, departmentId, userId, comment),
                forwarded -> Responses.ok(ctx, json -> { }));
    }

    private void join(RoutingContext ctx) {
        Params.query(ctx, JOIN_KEYS, JOIN_KEYS);
        String roomId = Params.requiredQuery(ctx, "roomId", InputLimits.ID);
        AsyncResponder.respond(ctx, routing.join(Authenticator.user(ctx), roomId),
                joined -> Responses.ok(ctx, json -> { }));
    }

    /** {@code tags}: absent, null, or an array of strings. */
    private static List<String> tags(JsonNode body) {
        JsonNode tags = body.get("tags");
        if (tags == null || tags.isNull()) {
            return List.of();
        }
        if (!tags.isArray()) {
            throw Params.invalid("tags must be array");
        }
        if (tags.size() > MAX_TAGS) {
            throw Params.invalid("tags must NOT have more than " + MAX_TAGS + " items");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode tag : tags) {
            if (!tag.isTextual()) {
                throw Params.invalid("tags must be array of strings");
            }
            if (tag.textValue().length() > InputLimits.NAME) {
                throw Params.invalid("tags must NOT have more than " + InputLimits.NAME + " characters");
            }
            values.add(tag.textValue());
        }
        return values;
    }

    /** {@code transcriptEmail}: {@code {sendToVisitor, requestData?: {email, subject}}}, nothing else. */
    private static void transcriptEmail(JsonNode transcript) {
        if (transcript == null) {
            return;
        }
        Params.onlyKeys(transcript, Set.of("sendToVisitor", "requestData"));
        Params.requireBoolean(transcript, "sendToVisitor");
        JsonNode request = transcript.get("requestData");
        if (request != null) {
            Params.onlyKeys(request, Set.of("email", "subject"));
            Params.requireString(request, "email", InputLimits.EMAIL);
            Params.requireString(request, "subject", InputLimits.NAME);
        }
    }

    private static void optionalBoolean(JsonNode body, String key) {
        JsonNode value = body.get(key);
        if (value != null && !value.isNull() && !value.isBoolean()) {
            throw Params.invalid(key + " must be boolean");
        }
    }
}
