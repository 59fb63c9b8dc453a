package dev.switchboard.core.http;

import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.config.ConnectionLimits;
import dev.switchboard.core.config.HostConfig;
import dev.switchboard.core.conversation.RoomService;
import dev.switchboard.core.metrics.HostMetrics;
import dev.switchboard.core.plugin.PluginHost;
import dev.switchboard.core.ratelimit.TrustedProxies;
import dev.switchboard.core.realtime.DdpServer;
import dev.switchboard.core.settings.SettingsService;
import dev.switchboard.core.store.Database;
import dev.switchboard.core.visitor.VisitorService;
import dev.switchboard.core.widget.WidgetConfigService;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.List;

/**
 * All HTTP routes, in one place: read this to find where a request goes. One router per event loop, built from
 * the same shared services.
 */
public final class ApiRouter {
    private final Database database;
    private final VisitorService visitors;
    private final OperatorApi operator;
    private final PluginHost plugins;
    private final Widget widget;
    private final DdpServer realtime;
    private final RoomService rooms;
    private final HostMetrics metrics;
    private final HostConfig config;
    private final ConnectionLimits limits;
    private final BodyBudget bodyBudget;
    private final ClientConnections clients;
    private final ConsoleRoutes console;

    /**
     * What serves Rocket.Chat's livechat widget: its configuration, the host settings behind it, its files
     * ({@code null} without {@code --livechat-dir}) and the origins allowed to call the API cross-origin.
     */
    public record Widget(WidgetConfigService config, SettingsService settings, LivechatFileRoutes files,
                         List<String> corsOrigins) {
        /** Reads the widget's page from {@code --livechat-dir}, if given (blocking: start-up only). */
        public static Widget create(HostConfig hostConfig, WidgetConfigService config, SettingsService settings)
                throws IOException {
            LivechatFileRoutes files = hostConfig.livechatDir() == null ? null
                    : LivechatFileRoutes.load(hostConfig.livechatDir());
            return new Widget(config, settings, files, hostConfig.corsOrigins());
        }
    }

    public ApiRouter(Database database, VisitorService visitors, OperatorApi operator, PluginHost plugins,
                     Widget widget, DdpServer realtime, RoomService rooms, HostMetrics metrics,
                     HostConfig config, TrustedProxies proxies) {
        this.database = database;
        this.visitors = visitors;
        this.operator = operator;
        this.plugins = plugins;
        this.widget = widget;
        this.realtime = realtime;
        this.rooms = rooms;
        this.metrics = metrics;
        this.config = config;
        this.limits = config.connectionLimits();
        this.bodyBudget = new BodyBudget(limits.bodyBudgetBytes());
        this.clients = new ClientConnections(limits.perClient(), proxies);
        this.console = ConsoleRoutes.load();
    }

    /** One event loop's connection guard; the per-client counts behind it are shared by all. */
    ConnectionGuard guard(Vertx vertx) {
        return new ConnectionGuard(vertx, limits, clients);
    }

    /** The routes of one event loop, whose connections {@code guard} watches. */
    Router build(Vertx vertx, ConnectionGuard guard) {
        Router router = Router.router(vertx);
        // No file uploads: nothing is written to disk, and bodies over the limit get 413.
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(InputLimits.BODY_BYTES);
        // First of all: request id, metrics and access log see every request, rate-limited ones too.
        router.route().handler(new RequestTelemetry(metrics, config.observability().accessLog()));
        new CorsRoutes(widget.corsOrigins()).mount(router); // next: preflights never reach limits or routes
        operator.mountRateLimits(router); // next, so limits run before the routes they guard
        router.route().handler(bodyBudget); // before any body is read; a limited request reserves nothing
        new SystemRoutes(database).mount(router, vertx);
        new MetricsRoutes(metrics, config.adminToken(), config.observability().metricsToken()).mount(router);
        new VisitorRoutes(visitors).mount(router, bodies);
        new LivechatConfigRoutes(widget.config()).mount(router);
        if (widget.files() != null) {
            widget.files().mount(router);
        }
        new AvatarRoutes().mount(router);
        console.mount(router);
        new ConversationRoutes(rooms, visitors).mount(router, bodies);
        operator.mount(router, bodies);
        new SettingsRoutes(widget.settings(), operator.requireLogin(),
                operator.requirePermission(Permission.VIEW_PRIVILEGED_SETTING),
                operator.requirePermission(Permission.EDIT_PRIVILEGED_SETTING)).mount(router, bodies);
        new AppEndpointRoutes(plugins).mount(router);
        new AppAdminRoutes(plugins, operator.requirePermission(Permission.MANAGE_APPS)).mount(router, bodies);
        new RealtimeRoutes(realtime, guard).mount(router);
        ErrorResponses.install(router);
        return router;
    }
}
