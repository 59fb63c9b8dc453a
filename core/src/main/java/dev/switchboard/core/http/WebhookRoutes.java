package dev.switchboard.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.settings.SettingDefinitions;
import dev.switchboard.core.settings.Settings;
import dev.switchboard.core.settings.SettingsService;
import dev.switchboard.core.store.DeskEvents;
import dev.switchboard.core.store.JdbcWebhookQueue;
import dev.switchboard.core.store.WebhookBacklog;
import dev.switchboard.core.webhook.WebhookSender;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The omnichannel webhook's routes ({@code view-livechat-webhooks}): Rocket.Chat's {@code livechat/webhook.test},
 * and, beyond Rocket.Chat, the backlog (events waiting to be sent) and the dead letters: events the host gave up
 * sending, listed and queued again.
 */
final class WebhookRoutes {
    /** The most ids one replay takes. */
    static final int MAX_REPLAY = 500;

    private final SettingsService settings;
    private final WebhookSender sender;
    private final JdbcWebhookQueue queue;
    private final WebhookBacklog backlog;
    private final Authenticator auth;
    private final Clock clock;

    WebhookRoutes(SettingsService settings, WebhookSender sender, JdbcWebhookQueue queue,
                  WebhookBacklog backlog, Authenticator auth, Clock clock) {
        this.settings = settings;
        this.sender = sender;
        this.queue = queue;
        this.backlog = backlog;
        this.auth = auth;
        this.clock = clock;
    }

    void mount(Router router, BodyHandler bodies) {
        router.post("/api/v1/livechat/webhook.test").handler(bodies)
                .handler(auth.require(Permission.VIEW_LIVECHAT_WEBHOOKS)).handler(this::test);
        router.get("/api/v1/livechat/webhooks.backlog")
                .handler(auth.require(Permission.VIEW_LIVECHAT_WEBHOOKS)).handler(this::backlog);
        router.get("/api/v1/livechat/webhooks.deadLetters")
                .handler(auth.require(Permission.VIEW_LIVECHAT_WEBHOOKS)).handler(this::deadLetters);
        router.post("/api/v1/livechat/webhooks.deadLetters.replay").handler(bodies)
                .handler(auth.require(Permission.VIEW_LIVECHAT_WEBHOOKS)).handler(this::replay);
    }

    /**
     * Sends Rocket.Chat's sample session to the URL: {@code {success}} on a 200, else {@code
     * error-invalid-webhook-response}; {@code Webhook_URL_not_set} without a URL (Rocket.Chat's errors).
     */
    private void test(RoutingContext ctx) {
        Settings current = settings.current();
        String url = current.text(SettingDefinitions.WEBHOOK_URL);
        if (url.isEmpty()) {
            throw ApiError.plain("Webhook_URL_not_set");
        }
        CompletableFuture<Void> answered = sender.post(url, current.text(SettingDefinitions.SECRET_TOKEN),
                WebhookJson.sample(clock.instant()), current.integer(SettingDefinitions.HTTP_TIMEOUT))
                .toCompletionStage().toCompletableFuture().thenApply(outcome -> {
                    if (outcome.status() != 200) {
                        throw ApiError.plain("error-invalid-webhook-response");
                    }
                    return null;
                });
        AsyncResponder.respond(ctx, answered, ignored -> Responses.ok(ctx, json -> { }));
    }

    /** {@code {waiting, oldestQueuedAt}}: how many events wait to be sent, and since when (null when none). */
    private void backlog(RoutingContext ctx) {
        AsyncResponder.respond(ctx, backlog.read(), found -> Responses.ok(ctx, json -> {
            json.writeNumberField("waiting", found.waiting());
            if (found.oldestQueuedAt() == null) {
                json.writeNullField("oldestQueuedAt");
            } else {
                json.writeStringField("oldestQueuedAt",
                        VisitorJson.time(java.time.Instant.ofEpochMilli(found.oldestQueuedAt())));
            }
        }));
    }

    private void deadLetters(RoutingContext ctx) {
        Params.Paging paging = Params.paging(ctx);
        AsyncResponder.respond(ctx, queue.deadLetters(paging.offset(), paging.count()),
                page -> Responses.page(ctx, "deadLetters", page, paging.offset(), WebhookRoutes::writeDeadLetter));
    }

    /** {@code {ids: [...]}} → {@code {replayed: [ids queued again]}}; ids that are not dead letters are skipped. */
    private void replay(RoutingContext ctx) {
        JsonNode body = Params.onlyKeys(JsonRequests.parse(ctx.body().buffer()), Set.of("ids"));
        JsonNode ids = body.get("ids");
        if (ids == null) {
            throw Params.missing("ids");
        }
        if (!ids.isArray() || ids.isEmpty() || ids.size() > MAX_REPLAY) {
            throw Params.invalid("ids must be an array of 1 to " + MAX_REPLAY + " ids");
        }
        List<String> wanted = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || id.textValue().isEmpty() || id.textValue().length() > InputLimits.ID) {
                throw Params.invalid("ids must be an array of 1 to " + MAX_REPLAY + " ids");
            }
            wanted.add(id.textValue());
        }
        AsyncResponder.respond(ctx, queue.replay(wanted, clock.millis()), replayed -> {
            Audit.changed(ctx, "webhook dead letters replayed", String.join(",", replayed));
            Responses.ok(ctx, json -> {
                json.writeArrayFieldStart("replayed");
                for (String id : replayed) {
                    json.writeString(id);
                }
                json.writeEndArray();
            });
        });
    }

    private static void writeDeadLetter(com.fasterxml.jackson.core.JsonGenerator json,
                                        JdbcWebhookQueue.DeadLetter letter) throws java.io.IOException {
        json.writeStartObject();
        json.writeStringField("_id", letter.id());
        json.writeStringField("type", letter.type());
        if (!letter.lane().startsWith(DeskEvents.OFFLINE_LANE)) {
            json.writeStringField("rid", letter.lane());
        }
        json.writeStringField("queuedAt", VisitorJson.time(java.time.Instant.ofEpochMilli(letter.queuedAt())));
        json.writeStringField("deadAt", VisitorJson.time(java.time.Instant.ofEpochMilli(letter.deadAt())));
        json.writeNumberField("attempts", letter.attempts());
        VisitorJson.writeIfPresent(json, "lastError", letter.lastError());
        json.writeFieldName("body");
        json.writeRawValue(letter.body());
        json.writeEndObject();
    }
}
