package dev.switchboard.core;

import dev.switchboard.core.cache.HistoryCache;
import dev.switchboard.core.cache.VisitorCache;
import dev.switchboard.core.config.BuildInfo;
import dev.switchboard.core.config.DefaultLogging;
import dev.switchboard.core.config.HostConfig;
import dev.switchboard.core.conversation.ChannelRooms;
import dev.switchboard.core.conversation.RoomService;
import dev.switchboard.core.desk.InquiryEvents;
import dev.switchboard.core.http.ApiRouter;
import dev.switchboard.core.http.ApiVerticle;
import dev.switchboard.core.http.OperatorApi;
import dev.switchboard.core.metrics.HostMetrics;
import dev.switchboard.core.plugin.PluginExitGuard;
import dev.switchboard.core.plugin.PluginHost;
import dev.switchboard.core.ratelimit.TrustedProxies;
import dev.switchboard.core.realtime.ClusterStreamBus;
import dev.switchboard.core.realtime.DdpLimits;
import dev.switchboard.core.realtime.DdpServer;
import dev.switchboard.core.realtime.RealtimeOptions;
import dev.switchboard.core.realtime.StreamBus;
import dev.switchboard.core.secret.SecretBox;
import dev.switchboard.core.secret.SecretKeys;
import dev.switchboard.core.settings.SettingDefinitions;
import dev.switchboard.core.settings.SettingsService;
import dev.switchboard.core.store.AppConfigStore;
import dev.switchboard.core.store.AppKeyValueRows;
import dev.switchboard.core.store.ClusterEvents;
import dev.switchboard.core.store.Database;
import dev.switchboard.core.store.DeskEvents;
import dev.switchboard.core.store.JdbcDepartmentStore;
import dev.switchboard.core.store.JdbcExternalIdStore;
import dev.switchboard.core.store.JdbcChannelStore;
import dev.switchboard.core.store.JdbcMessageStore;
import dev.switchboard.core.store.JdbcOfflineMessageStore;
import dev.switchboard.core.store.JdbcRoomStore;
import dev.switchboard.core.store.JdbcSettingStore;
import dev.switchboard.core.store.JdbcUserStore;
import dev.switchboard.core.store.JdbcVisitorStore;
import dev.switchboard.core.store.JdbcWebhookQueue;
import dev.switchboard.core.store.WebhookBacklog;
import dev.switchboard.core.visitor.ExternalIdService;
import dev.switchboard.core.visitor.VisitorService;
import dev.switchboard.core.webhook.WebhookDispatcher;
import dev.switchboard.core.webhook.WebhookSender;
import dev.switchboard.core.widget.WidgetConfigService;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
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
    private final ApiRouter.Widget widget;
    private final StreamBus streams;
    private final DdpServer realtime;
    private final RoomService rooms;
    private final HostMetrics metrics;
    private final ApiRouter routes;
    private final Vertx vertx;
    private final WebhookDispatcher webhooks;
    private final int port;

    private SwitchboardHost(HostConfig config, Database database, VisitorService visitors, PluginHost plugins,
                            ApiRouter.Widget widget, StreamBus streams, DdpServer realtime, RoomService rooms,
                            HostMetrics metrics, ApiRouter routes, Vertx vertx, WebhookDispatcher webhooks,
                            int port) {
        this.config = config;
        this.database = database;
        this.visitors = visitors;
        this.plugins = plugins;
        this.widget = widget;
        this.streams = streams;
        this.realtime = realtime;
        this.rooms = rooms;
        this.metrics = metrics;
        this.routes = routes;
        this.vertx = vertx;
        this.webhooks = webhooks;
        this.port = port;
    }

    public static SwitchboardHost start(HostConfig config) throws Exception {
        return start(config, null);
    }

    /**
     * Starts the host; {@code realtimeOverride}, when not null, replaces what the websocket asks of the
     * conversations domain (room access, visitor presence) and its limits, so tests can give it rooms of their own.
     */
    public static SwitchboardHost start(HostConfig config, RealtimeOptions realtimeOverride) throws Exception {
        long started = System.nanoTime();
        DefaultLogging.useFormat(config.observability().logFormat());
        SecretBox secrets = SecretKeys.load(config);
        Database database = Database.open(config);
        Vertx vertx = null;
        PluginHost plugins = null;
        StreamBus streams = null;
        WebhookDispatcher dispatcher = null;
        try {
            Clock clock = Clock.systemUTC();
            JdbcVisitorStore store = new JdbcVisitorStore(database, clock);
            VisitorCache cache = new VisitorCache(store::findByToken, VisitorCache.Settings.DEFAULT);
            VisitorService visitors = new VisitorService(store, cache, config.visitorMatching());
            // Other nodes' writes (PostgreSQL LISTEN/NOTIFY); a no-op on SQLite.
            database.events().onTokenChanged(cache::invalidate);
            database.events().onResync(cache::invalidateAll);
            cache.setBypass(() -> !database.listening()); // deaf to other nodes: read through, cache nothing
            AppConfigStore appConfig = new AppConfigStore(database, clock, secrets);
            int encrypted = appConfig.checkSecrets();
            if (encrypted > 0) {
                LOG.info("Encrypted {} app setting values stored in plain text by an earlier version", encrypted);
            }
            ExternalIdService externalIds = new ExternalIdService(
                    new JdbcExternalIdStore(database, store, clock), visitors);
            // Rooms before plugins: an app may open rooms and post messages as soon as it is enabled.
            SettingsService settings = SettingsService.load(new JdbcSettingStore(database, clock), secrets);
            // Admins' setting changes made on other nodes (and everything, after the listener was deaf).
            database.events().onSettingChanged(id -> settings.reload());
            database.events().onResync(settings::reload);
            // Realtime events reach every node through the database (PostgreSQL); SQLite is one node.
            streams = ClusterStreamBus.open(database);
            // Omnichannel webhooks: stores record events in their transactions; this node's dispatcher sends them.
            DeskEvents deskEvents = new DeskEvents(settings::current, clock);
            vertx = Vertx.vertx();
            // Logged as Vert.x would without a handler, except that an OutOfMemoryError ends the host.
            vertx.exceptionHandler(failure -> {
                PluginExitGuard.haltOnFatal(failure, null);
                LOG.error("Unhandled exception", failure);
            });
            WebhookSender webhookSender = new WebhookSender(vertx);
            JdbcWebhookQueue webhookQueue = new JdbcWebhookQueue(database);
            dispatcher = new WebhookDispatcher(vertx, webhookQueue, deskEvents, settings::current, webhookSender,
                    config.webhookDelivery(), clock);
            BooleanSupplier autoSelection = () -> SettingDefinitions.AUTO_SELECTION.equals(
                    settings.current().text(SettingDefinitions.ROUTING_METHOD));
            BooleanSupplier manualSelection = () -> SettingDefinitions.MANUAL_SELECTION.equals(
                    settings.current().text(SettingDefinitions.ROUTING_METHOD));
            InquiryEvents inquiryEvents = new InquiryEvents(streams, manualSelection);
            JdbcRoomStore roomStore = new JdbcRoomStore(database, deskEvents);
            HistoryCache historyPages = new HistoryCache(streams,
                    HistoryCache.Settings.DEFAULT.withMaximumBytes(config.historyCacheBytes()));
            database.events().onResync(historyPages::invalidateAll);
            historyPages.setBypass(() -> !database.listening()); // deaf to other nodes' events: serve nothing
            RoomService rooms = new RoomService(roomStore, new JdbcMessageStore(database, deskEvents),
                    new JdbcOfflineMessageStore(database, deskEvents), new JdbcUserStore(database), streams,
                    historyPages, () -> settings.current().bool(SettingDefinitions.ACCEPT_CHATS_WITH_NO_AGENTS),
                    autoSelection, visitors::invalidate, inquiryEvents, clock);
            visitors.onRoomsErased(rooms::announceErased);
            ChannelRooms channels = new ChannelRooms(new JdbcChannelStore(database, roomStore, deskEvents), rooms,
                    clock);
            plugins = PluginHost.start(config.pluginsDir(), BuildInfo.spiVersion(),
                    new PluginHost.Services(visitors, externalIds, appConfig,
                            new AppKeyValueRows(database, clock), channels),
                    new PluginHost.Budgets(config.hookTimeout(), Duration.ofSeconds(10), config.appConcurrency(),
                            config.appResponseMaxBytes()));
            visitors.setListener(plugins);
            // Operators' app changes made on other nodes (and everything, after the listener was deaf).
            database.events().onAppChanged(plugins::reload);
            database.events().onResync(plugins::reloadAll);
            rooms.onChannelOutbound(plugins::channelMessageQueued);
            OperatorApi operator = OperatorApi.create(config, database, visitors, rooms,
                    new OperatorApi.Routing(autoSelection, manualSelection, inquiryEvents),
                    new OperatorApi.Webhooks(settings, webhookSender, deskEvents, webhookQueue,
                            new WebhookBacklog(database)));
            HostMetrics metrics = new HostMetrics();
            cache.registerMetrics(metrics.registry());
            historyPages.registerMetrics(metrics.registry());
            operator.auth().registerMetrics(metrics.registry());
            database.registerPoolMetrics(metrics.registry());
            metrics.clusterNotifications(database.events(), ClusterEvents::received, ClusterEvents::receivedChars);
            database.transactions().onBatchCommitted(metrics.writer(database.transactions()::waiting));
            WebhookDispatcher delivery = dispatcher;
            database.transactions().onBatchCommitted(size -> delivery.committed());
            plugins.setMetrics(metrics::pluginCall);
            WidgetConfigService widgetConfig =
                    new WidgetConfigService(settings, new JdbcDepartmentStore(database), visitors,
                            operator.agents()::anyOnline);
            widgetConfig.useOpenRooms(rooms);
            ApiRouter.Widget widget = ApiRouter.Widget.create(config, widgetConfig, settings);
            RealtimeOptions realtimeOptions = realtimeOverride != null ? realtimeOverride
                    : new RealtimeOptions(rooms, rooms, DdpLimits.DEFAULT);
            DdpServer realtime = new DdpServer(operator.auth(), streams, realtimeOptions);
            metrics.websockets(realtime::openConnections);
            ApiRouter routes = new ApiRouter(database, visitors, operator, plugins, widget, realtime, rooms,
                    metrics, config, TrustedProxies.parse(config.trustedProxies()));

            AtomicInteger boundPort = new AtomicInteger();
            // WebSocket frames go uncompressed: with compression support Netty adds a handler to every response,
            // and DDP frames are small. Clients' messages are bounded (DdpLimits).
            int maxMessage = realtimeOptions.limits().maxMessageBytes();
            HttpServerOptions options = ApiVerticle.serverOptions(config.connectionLimits())
                    .setHost(config.host()).setPort(config.port())
                    .setPerMessageWebSocketCompressionSupported(false)
                    .setPerFrameWebSocketCompressionSupported(false)
                    .setMaxWebSocketFrameSize(maxMessage)
                    .setMaxWebSocketMessageSize(maxMessage);
            int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
            vertx.deployVerticle(() -> new ApiVerticle(routes, options, config.shutdownTimeout(), boundPort),
                            new DeploymentOptions().setInstances(instances))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            dispatcher.start();
            LOG.info("Switchboard {} listening on {}:{}, store {}, plugins [{}], ready in {} ms", BuildInfo.version(),
                    config.host(), boundPort.get(), storeDescription(config), pluginSummary(plugins),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new SwitchboardHost(config, database, visitors, plugins, widget, streams, realtime, rooms,
                    metrics, routes, vertx, dispatcher, boundPort.get());
        } catch (Exception | Error e) {
            if (dispatcher != null) {
                dispatcher.close();
            }
            if (vertx != null) {
                vertx.close();
            }
            if (streams != null) {
                streams.close();
            }
            if (plugins != null) {
                plugins.close();
            }
            database.close();
            throw e;
        }
    }

    /**
     * Where the data lives, for the start-up line: the SQLite file and its sync mode, or PostgreSQL's host, port
     * and database: never the URL's user, password or parameters.
     */
    static String storeDescription(HostConfig config) {
        if (!config.usesExternalDatabase()) {
            return "sqlite " + config.dataDir().resolve("switchboard.db") + " (--sqlite-sync "
                    + config.sqliteSync().wireName() + ")";
        }
        String rest = config.dbUrl().substring("jdbc:postgresql:".length()).replaceFirst("^//", "");
        rest = rest.replaceFirst("[?#].*$", "");
        int at = rest.lastIndexOf('@');
        return "postgresql " + (at >= 0 ? rest.substring(at + 1) : rest);
    }

    private static String pluginSummary(PluginHost plugins) {
        return plugins.apps().stream().map(app -> app.id() + " " + app.version() + " " + app.status().wireName())
                .collect(Collectors.joining(", "));
    }

    /** Every route the host serves (each event loop builds its router from it). */
    public ApiRouter routes() {
        return routes;
    }

    /** The host's metrics (Prometheus registry). */
    public HostMetrics metrics() {
        return metrics;
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

    public SettingsService settings() {
        return widget.settings();
    }

    /** The widget's configuration. */
    public WidgetConfigService widgetConfig() {
        return widget.config();
    }

    /** Where realtime events are published (and where the websocket subscribes). */
    public StreamBus streams() {
        return streams;
    }

    /** The websocket endpoint. */
    public DdpServer realtime() {
        return realtime;
    }

    /** Conversations; also what the websocket asks (room access, visitor presence). */
    public RoomService rooms() {
        return rooms;
    }

    @Override
    public void close() {
        LOG.info("Switchboard stopping: finishing in-flight requests");
        // Delivered events are acknowledged and this node's lanes go back, for another node or the next start;
        // events recorded from now on wait in the outbox.
        webhooks.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture()
                    .get(config.shutdownTimeout().toSeconds() + 5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("HTTP shutdown did not finish cleanly: {}", e.toString());
        }
        streams.close();
        plugins.close();
        database.close();
        LOG.info("Switchboard stopped");
    }
}
