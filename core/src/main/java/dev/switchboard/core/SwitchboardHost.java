package dev.switchboard.core;

import dev.switchboard.core.cache.VisitorCache;
import dev.switchboard.core.config.HostConfig;
import dev.switchboard.core.http.ApiRouter;
import dev.switchboard.core.http.ApiVerticle;
import dev.switchboard.core.plugin.PluginHost;
import dev.switchboard.core.ratelimit.TrustedProxies;
import dev.switchboard.core.store.AppConfigStore;
import dev.switchboard.core.store.AppKeyValueRows;
import dev.switchboard.core.http.OperatorApi;
import dev.switchboard.core.store.Database;
import dev.switchboard.core.store.JdbcExternalIdStore;
import dev.switchboard.core.store.JdbcVisitorStore;
import dev.switchboard.core.visitor.ExternalIdService;
import dev.switchboard.core.visitor.VisitorService;
import dev.switchboard.core.config.BuildInfo;
import java.time.Duration;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running host: database, services, plugins and HTTP. {@link #start} returns once it is ready to serve;
 * {@link #close} stops taking connections, finishes in-flight requests and queued writes, and closes the
 * database.
 */
public final class SwitchboardHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchboardHost.class);

    private final HostConfig config;
    private final Database database;
    private final VisitorService visitors;
    private final PluginHost plugins;
    private final Vertx vertx;
    private final int port;

    private SwitchboardHost(HostConfig config, Database database, VisitorService visitors, PluginHost plugins,
                            Vertx vertx, int port) {
        this.config = config;
        this.database = database;
        this.visitors = visitors;
        this.plugins = plugins;
        this.vertx = vertx;
        this.port = port;
    }

    public static SwitchboardHost start(HostConfig config) throws Exception {
        long started = System.nanoTime();
        Database database = Database.open(config);
        Vertx vertx = null;
        PluginHost plugins = null;
        try {
            Clock clock = Clock.systemUTC();
            JdbcVisitorStore store = new JdbcVisitorStore(database, clock);
            VisitorCache cache = new VisitorCache(store::findByToken, VisitorCache.Settings.DEFAULT);
            VisitorService visitors = new VisitorService(store, cache, config.visitorMatching());
            // Other nodes' writes (PostgreSQL LISTEN/NOTIFY); a no-op on SQLite.
            database.events().onTokenChanged(cache::invalidate);
            database.events().onResync(cache::invalidateAll);
            cache.setBypass(() -> !database.listening()); // deaf to other nodes: read through, cache nothing
            ExternalIdService externalIds = new ExternalIdService(
                    new JdbcExternalIdStore(database, store, clock), visitors);
            plugins = PluginHost.start(config.pluginsDir(), BuildInfo.spiVersion(),
                    new PluginHost.Services(visitors, externalIds, new AppConfigStore(database, clock),
                            new AppKeyValueRows(database, clock)),
                    new PluginHost.Budgets(config.hookTimeout(), Duration.ofSeconds(10)));
            visitors.setListener(plugins);
            // Operators' app changes made on other nodes (and everything, after the listener was deaf).
            database.events().onAppChanged(plugins::reload);
            database.events().onResync(plugins::reloadAll);
            OperatorApi operator = OperatorApi.create(config, database, visitors);
            ApiRouter routes = new ApiRouter(database, visitors, operator, plugins, config.connectionLimits(),
                    TrustedProxies.parse(config.trustedProxies()));

            vertx = Vertx.vertx();
            AtomicInteger boundPort = new AtomicInteger();
            HttpServerOptions options = ApiVerticle.serverOptions(config.connectionLimits())
                    .setHost(config.host()).setPort(config.port());
            int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
            vertx.deployVerticle(() -> new ApiVerticle(routes, options, config.shutdownTimeout(), boundPort),
                            new DeploymentOptions().setInstances(instances))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            LOG.info("Switchboard listening on {}:{} ({} database{}) in {} ms", config.host(), boundPort.get(),
                    database.dialect().name(), config.usesExternalDatabase() ? ""
                            : ", --sqlite-sync " + config.sqliteSync().wireName(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new SwitchboardHost(config, database, visitors, plugins, vertx, boundPort.get());
        } catch (Exception | Error e) {
            if (vertx != null) {
                vertx.close();
            }
            if (plugins != null) {
                plugins.close();
            }
            database.close();
            throw e;
        }
    }

    /** The port the host listens on (the real one when started with port 0). */
    public int port() {
        return port;
    }

    public HostConfig config() {
        return config;
    }

    public Database database() {
        return database;
    }

    public VisitorService visitors() {
        return visitors;
    }

    public PluginHost plugins() {
        return plugins;
    }

    @Override
    public void close() {
        LOG.info("Switchboard stopping: finishing in-flight requests");
        try {
            vertx.close().toCompletionStage().toCompletableFuture()
                    .get(config.shutdownTimeout().toSeconds() + 5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("HTTP shutdown did not finish cleanly: {}", e.toString());
        }
        plugins.close();
        database.close();
        LOG.info("Switchboard stopped");
    }
}
