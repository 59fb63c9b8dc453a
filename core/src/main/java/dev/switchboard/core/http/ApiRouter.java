package dev.switchboard.core.http;

import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.config.HostConfig;
import dev.switchboard.core.metrics.HostMetrics;
import dev.switchboard.core.plugin.PluginHost;
import dev.switchboard.core.store.Database;
import dev.switchboard.core.visitor.VisitorService;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * All HTTP routes, in one place: read this to find where a request goes. One router per event loop, built from
 * the same shared services.
 */
public final class ApiRouter {
    private final Database database;
    private final VisitorService visitors;
    private final OperatorApi operator;
    private final PluginHost plugins;
    private final HostMetrics metrics;
    private final HostConfig config;

    public ApiRouter(Database database, VisitorService visitors, OperatorApi operator, PluginHost plugins,
                     HostMetrics metrics, HostConfig config) {
        this.database = database;
        this.visitors = visitors;
        this.operator = operator;
        this.plugins = plugins;
        this.metrics = metrics;
        this.config = config;
    }

    public Router build(Vertx vertx) {
        Router router = Router.router(vertx);
        // No file uploads: nothing is written to disk, and bodies over the limit get 413.
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(InputLimits.BODY_BYTES);
        // First of all: request id, metrics and access log see every request, rate-limited ones too.
        router.route().handler(new RequestTelemetry(metrics, config.observability().accessLog()));
        operator.mountRateLimits(router); // next, so limits run before the routes they guard
        new SystemRoutes(database).mount(router, vertx);
        new MetricsRoutes(metrics, config.adminToken(), config.observability().metricsToken()).mount(router);
        new VisitorRoutes(visitors).mount(router, bodies);
        operator.mount(router, bodies);
        new AppEndpointRoutes(plugins).mount(router);
        new AppAdminRoutes(plugins, operator.requirePermission(Permission.MANAGE_APPS)).mount(router, bodies);
        ErrorResponses.install(router);
        return router;
    }
}
