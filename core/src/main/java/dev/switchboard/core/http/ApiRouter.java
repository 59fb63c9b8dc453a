package dev.switchboard.core.http;

import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.config.ConnectionLimits;
import dev.switchboard.core.plugin.PluginHost;
import dev.switchboard.core.ratelimit.TrustedProxies;
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

    private final ConnectionLimits limits;
    private final BodyBudget bodyBudget;
    private final ClientConnections clients;

    public ApiRouter(Database database, VisitorService visitors, OperatorApi operator, PluginHost plugins,
                     ConnectionLimits limits, TrustedProxies proxies) {
        this.database = database;
        this.visitors = visitors;
        this.operator = operator;
        this.plugins = plugins;
        this.limits = limits;
        this.bodyBudget = new BodyBudget(limits.bodyBudgetBytes());
        this.clients = new ClientConnections(limits.perClient(), proxies);
    }

    /** One event loop's connection guard; the per-client counts behind it are shared by all. */
    ConnectionGuard guard(Vertx vertx) {
        return new ConnectionGuard(vertx, limits, clients);
    }

    public Router build(Vertx vertx) {
        Router router = Router.router(vertx);
        // No file uploads: nothing is written to disk, and bodies over the limit get 413.
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(InputLimits.BODY_BYTES);
        operator.mountRateLimits(router); // first, so limits run before the routes they guard
        router.route().handler(bodyBudget); // before any body is read; a limited request reserves nothing
        new SystemRoutes(database).mount(router, vertx);
        new VisitorRoutes(visitors).mount(router, bodies);
        operator.mount(router, bodies);
        new AppEndpointRoutes(plugins).mount(router);
        new AppAdminRoutes(plugins, operator.requirePermission(Permission.MANAGE_APPS)).mount(router, bodies);
        ErrorResponses.install(router);
        return router;
    }
}
