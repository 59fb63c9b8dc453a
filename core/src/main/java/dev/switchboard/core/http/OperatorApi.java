package dev.switchboard.core.http;

import dev.switchboard.core.auth.AuthService;
import dev.switchboard.core.config.HostConfig;
import dev.switchboard.core.conversation.RoomService;
import dev.switchboard.core.customfield.CustomFieldValues;
import dev.switchboard.core.desk.AgentService;
import dev.switchboard.core.desk.InquiryEvents;
import dev.switchboard.core.desk.InquiryService;
import dev.switchboard.core.desk.RoomRoutingService;
import dev.switchboard.core.ratelimit.RateLimitRule;
import dev.switchboard.core.ratelimit.TrustedProxies;
import dev.switchboard.core.settings.SettingsService;
import dev.switchboard.core.store.Database;
import dev.switchboard.core.store.DeskEvents;
import dev.switchboard.core.store.JdbcAgentStore;
import dev.switchboard.core.store.JdbcCustomFieldStore;
import dev.switchboard.core.store.JdbcDepartmentStore;
import dev.switchboard.core.store.JdbcInquiryStore;
import dev.switchboard.core.store.JdbcRoomRouting;
import dev.switchboard.core.store.JdbcUserStore;
import dev.switchboard.core.store.JdbcVisitorSearch;
import dev.switchboard.core.store.JdbcWebhookQueue;
import dev.switchboard.core.store.WebhookBacklog;
import dev.switchboard.core.visitor.VisitorService;
import dev.switchboard.core.webhook.WebhookSender;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BooleanSupplier;

/**
 * The operator and agent API (docs/operator-api.md): users and tokens, login, departments, custom fields, visitor
 * lookup, erase by id, agents' conversation routes, agents, the inquiry queue and routing rooms, the omnichannel
 * webhook's test and dead letters, and the rate limits of the public routes. Built once per host; its routes are mounted on every
 * event loop's router, sharing these services (and the limiter's counters).
 */
public final class OperatorApi {
    private final AuthService auth;
    private final JdbcDepartmentStore departments;
    private final JdbcCustomFieldStore customFields;
    private final CustomFieldValues customFieldValues;
    private final JdbcVisitorSearch search;
    private final VisitorService visitors;
    private final RateLimitHandler rateLimits;
    private final Authenticator authenticator;
    private final RoomService rooms;
    private final AgentService agents;
    private final InquiryService inquiries;
    private final RoomRoutingService routing;
    private final Webhooks webhooks;
    private final Clock clock;

    private OperatorApi(AuthService auth, JdbcDepartmentStore departments, JdbcCustomFieldStore customFields,
                        CustomFieldValues customFieldValues, JdbcVisitorSearch search, VisitorService visitors,
                        RoomService rooms, Desk desk, Webhooks webhooks, RateLimitHandler rateLimits, Clock clock) {
        this.auth = auth;
        this.departments = departments;
        this.customFields = customFields;
        this.customFieldValues = customFieldValues;
        this.search = search;
        this.visitors = visitors;
        this.rooms = rooms;
        this.agents = desk.agents();
        this.inquiries = desk.inquiries();
        this.routing = desk.routing();
        this.webhooks = webhooks;
        this.rateLimits = rateLimits;
        this.authenticator = new Authenticator(auth);
        this.clock = clock;
    }

    /**
     * The agents' desk: agents and managers, availability, the inquiry queue, and what agents do to rooms (close,
     * forward, join).
     */
    public record Desk(AgentService agents, InquiryService inquiries, RoomRoutingService routing) {
        static Desk create(Database database, DeskEvents deskEvents, AuthService auth, RoomService rooms,
                           Routing routing, Clock clock) {
            AgentService agents = new AgentService(new JdbcAgentStore(database), auth, clock);
            return new Desk(agents, new InquiryService(new JdbcInquiryStore(database, deskEvents), agents, rooms,
                    routing.inquiryEvents(), clock), new RoomRoutingService(new JdbcRoomRouting(database, deskEvents),
                    rooms, routing.inquiryEvents(), routing.autoSelection(), routing.manualSelection(), clock));
        }
    }

    /**
     * The routing method as the desk reads it (the {@code Livechat_Routing_Method} setting, at each use), and where
     * the queue's changes go.
     */
    public record Routing(BooleanSupplier autoSelection, BooleanSupplier manualSelection,
                          InquiryEvents inquiryEvents) { }

    /**
     * The omnichannel webhook: the settings it is sent with, the HTTP client, the outbox's recorder (for the
     * inquiry queue's events), its delivery queue (for the dead letters) and its backlog.
     */
    public record Webhooks(SettingsService settings, WebhookSender sender, DeskEvents events,
                           JdbcWebhookQueue queue, WebhookBacklog backlog) { }

    /** Builds the services and, when an admin token is configured, ensures the bootstrap admin (blocking). */
    public static OperatorApi create(HostConfig config, Database database, VisitorService visitors,
                                     RoomService rooms, Routing routing, Webhooks webhooks) {
        Clock clock = Clock.systemUTC();
        AuthService auth = new AuthService(new JdbcUserStore(database), clock, ForkJoinPool.commonPool());
        auth.bootstrap(config.adminToken());
        JdbcCustomFieldStore customFields = new JdbcCustomFieldStore(database, clock);
        RateLimitHandler rateLimits = config.rateLimit()
                ? new RateLimitHandler(RateLimitRule.withOverrides(config.rateLimitRoutes()),
                        TrustedProxies.parse(config.trustedProxies()), clock)
                : null;
        return new OperatorApi(auth, new JdbcDepartmentStore(database), customFields,
                new CustomFieldValues(customFields, visitors, database.readers()), new JdbcVisitorSearch(database),
                visitors, rooms, Desk.create(database, webhooks.events(), auth, rooms, routing, clock), webhooks,
                rateLimits, clock);
    }

    public AuthService auth() {
        return auth;
    }

    /** Agents and their availability (the widget's {@code online} asks it). */
    public AgentService agents() {
        return agents;
    }

    /** Mount first: the limits run in front of the routes they guard, whichever class mounts those. */
    void mountRateLimits(Router router) {
        if (rateLimits != null) {
            rateLimits.mount(router);
        }
    }

    /** A guard for other route classes: 401 without a valid token, 403 without {@code permission}. */
    Handler<RoutingContext> requirePermission(String permission) {
        return authenticator.require(permission);
    }

    /** A guard for other route classes: 401 without a valid token, any signed-in user passes. */
    Handler<RoutingContext> requireLogin() {
        return authenticator.requireLogin();
    }

    void mount(Router router, BodyHandler bodies) {
        new UserRoutes(auth, authenticator).mount(router, bodies);
        new DepartmentRoutes(departments, authenticator, clock).mount(router, bodies);
        new CustomFieldRoutes(customFields, customFieldValues, authenticator).mount(router, bodies);
        new VisitorLookupRoutes(visitors, search, authenticator).mount(router, bodies);
        new LoginRoutes(auth, authenticator, agents).mount(router, bodies);
        new AgentChatRoutes(rooms, authenticator).mount(router, bodies);
        new AgentRoutes(agents, authenticator).mount(router, bodies);
        new InquiryRoutes(inquiries, authenticator).mount(router, bodies);
        new RoomRoutingRoutes(routing, authenticator).mount(router, bodies);
        new WebhookRoutes(webhooks.settings(), webhooks.sender(), webhooks.queue(), webhooks.backlog(),
                authenticator, clock)
                .mount(router, bodies);
    }
}
