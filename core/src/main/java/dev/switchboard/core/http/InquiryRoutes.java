package dev.switchboard.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.desk.InquiryService;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Set;

/** Rocket.Chat's {@code livechat/inquiries.queuedForUser} and {@code livechat/inquiries.take} ({@code view-l-room}). */
final class InquiryRoutes {
    private static final Set<String> QUEUED_QUERY = Set.of("count", "offset", "sort", "department");
    private static final Set<String> TAKE_KEYS = Set.of("inquiryId", "userId");
    private final InquiryService inquiries;
    private final Authenticator auth;

    InquiryRoutes(InquiryService inquiries, Authenticator auth) {
        this.inquiries = inquiries;
        this.auth = auth;
    }

    void mount(Router router, BodyHandler bodies) {
        router.get("/api/v1/livechat/inquiries.queuedForUser").handler(auth.require(Permission.VIEW_L_ROOM))
                .handler(this::queued);
        router.post("/api/v1/livechat/inquiries.take").handler(bodies).handler(auth.require(Permission.VIEW_L_ROOM))
                .handler(this::take);
    }

    /** {@code sort} is accepted and not applied: the queue is oldest first. */
    private void queued(RoutingContext ctx) {
        Params.query(ctx, Set.of(), QUEUED_QUERY);
        Params.Paging paging = Params.paging(ctx);
        String department = Params.optionalQuery(ctx, "department", InputLimits.DEPARTMENT);
        AsyncResponder.respond(ctx, inquiries.queuedFor(Authenticator.user(ctx), department, paging.offset(),
                paging.count()), page -> Responses.page(ctx, "inquiries", page, paging.offset(), DeskJson::writeInquiry));
    }

    /** Answers {@code {success: true}}: Rocket.Chat 8.4's {@code takeInquiry} returns nothing for its {@code inquiry}. */
    private void take(RoutingContext ctx) {
        JsonNode body = Params.keys(JsonRequests.parse(ctx.body().buffer()), Set.of("inquiryId"), TAKE_KEYS);
        String inquiryId = Params.requireString(body, "inquiryId", InputLimits.ID);
        String userId = Params.optionalString(body, "userId", InputLimits.ID);
        AsyncResponder.respond(ctx, inquiries.take(Authenticator.user(ctx), inquiryId, userId),
                taken -> Responses.ok(ctx, json -> { }));
    }
}
