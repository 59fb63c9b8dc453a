package dev.switchboard.core.config;

import dev.switchboard.core.cache.HistoryCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the host needs to start, already validated. Built from flags, environment variables and the
 * optional config file by {@link CommandLine}; tests build it directly with {@link #builder()}.
 */
public record HostConfig(
        int port,
        String host,
        Path dataDir,
        Path pluginsDir,
        boolean rateLimit,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String adminToken,
        Duration shutdownTimeout,
        Duration hookTimeout,
        List<String> rateLimitRoutes,
        List<String> trustedProxies,
        SqliteSync sqliteSync,
        Path livechatDir,
        List<String> corsOrigins,
        int appConcurrency,
        int appResponseMaxBytes,
        Path secretKeyFile,
        String secretKey,
        Observability observability,
        VisitorMatching visitorMatching,
        ConnectionLimits connectionLimits,
        WebhookDelivery webhookDelivery,
        long historyCacheBytes,
        int dbWriters) {

    public HostConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(pluginsDir, "pluginsDir");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(hookTimeout, "hookTimeout");
        Objects.requireNonNull(sqliteSync, "sqliteSync");
        observability = observability == null ? Observability.DEFAULT : observability;
        Objects.requireNonNull(visitorMatching, "visitorMatching");
        Objects.requireNonNull(connectionLimits, "connectionLimits");
        webhookDelivery = webhookDelivery == null ? WebhookDelivery.DEFAULTS : webhookDelivery;
        rateLimitRoutes = rateLimitRoutes == null ? List.of() : List.copyOf(rateLimitRoutes);
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        if (historyCacheBytes < 0) {
            throw new IllegalArgumentException("historyCacheBytes must not be negative");
        }
        if (dbWriters < 1) {
            throw new IllegalArgumentException("dbWriters must be positive");
        }
        if (appConcurrency < 1 || appResponseMaxBytes < 0) {
            throw new IllegalArgumentException("appConcurrency must be positive, appResponseMaxBytes not negative");
        }
    }

    /** The history pages cache's default size (docs/operations.md, "Caches"). */
    public static final long DEFAULT_HISTORY_CACHE_BYTES = HistoryCache.Settings.DEFAULT.maximumBytes();

    /**
     * Writer connections per node on PostgreSQL (docs/operations.md, "Sizing"): each commits batches of whatever
     * waits, so fewer writers make larger batches and fewer commits; on a 2-core database 2 wrote more than 3.
     */
    public static final int DEFAULT_DB_WRITERS = 2;

    /** Leaves out the database password and the secret key. */
    @Override
    public String toString() {
        return "HostConfig[port=" + port + ", host=" + host + ", dataDir=" + dataDir + ", pluginsDir=" + pluginsDir
                + ", dbUrl=" + dbUrl + ", secretKeyFile=" + secretKeyFile + "]";
    }

    /** True when the operator chose PostgreSQL; the embedded SQLite file is used otherwise. */
    public boolean usesExternalDatabase() {
        return dbUrl != null && !dbUrl.isBlank();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A host embedded in a test's JVM: loopback, a free port, data and plugins under {@code dir} (the plugins
     * directory is created), no rate limit, and no practical per-client connection limit (every test client is
     * 127.0.0.1, and HTTP clients keep their connections open). Core's TestHost and switchboard-testkit's
     * PluginTestHost both start from it.
     *
     * @throws IOException if the plugins directory cannot be created
     */
    public static Builder embedded(Path dir) throws IOException {
        return builder()
                .port(0)
                .host("127.0.0.1")
                .dataDir(dir.resolve("data"))
                .pluginsDir(Files.createDirectories(dir.resolve("plugins")))
                .rateLimit(false)
                .connectionLimits(new ConnectionLimits(ConnectionLimits.DEFAULTS.idle(),
                        ConnectionLimits.DEFAULTS.header(), ConnectionLimits.DEFAULTS.body(), 100_000,
                        ConnectionLimits.DEFAULTS.bodyBudgetBytes()));
    }

    public Builder toBuilder() {
        return new Builder().port(port).host(host).dataDir(dataDir).pluginsDir(pluginsDir).rateLimit(rateLimit)
                .dbUrl(dbUrl).dbUser(dbUser).dbPassword(dbPassword).adminToken(adminToken)
                .shutdownTimeout(shutdownTimeout).hookTimeout(hookTimeout)
                .rateLimitRoutes(rateLimitRoutes).trustedProxies(trustedProxies).sqliteSync(sqliteSync)
                .livechatDir(livechatDir).corsOrigins(corsOrigins)
                .appConcurrency(appConcurrency).appResponseMaxBytes(appResponseMaxBytes)
                .secretKeyFile(secretKeyFile).secretKey(secretKey)
                .observability(observability)
                .visitorMatching(visitorMatching).connectionLimits(connectionLimits)
                .webhookDelivery(webhookDelivery).historyCacheBytes(historyCacheBytes).dbWriters(dbWriters);
    }

    /** Mutable builder with the same defaults as the command line. */
    public static final class Builder {
        private int port = 3000;
        private String host = "0.0.0.0";
        private Path dataDir = Path.of("data");
        private Path pluginsDir = Path.of("plugins");
        private boolean rateLimit = true;
        private String dbUrl;
        private String dbUser;
        private String dbPassword;
        private String adminToken;
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private Duration hookTimeout = Duration.ofSeconds(2);
        private List<String> rateLimitRoutes = List.of();
        private List<String> trustedProxies = List.of();
        private SqliteSync sqliteSync = SqliteSync.APPS;
        private Path livechatDir;
        private List<String> corsOrigins = List.of();
        private int appConcurrency = 64;
        private int appResponseMaxBytes = 8 * 1024 * 1024;
        private Path secretKeyFile;
        private String secretKey;
        private Observability observability = Observability.DEFAULT;
        private VisitorMatching visitorMatching = VisitorMatching.STRICT;
        private ConnectionLimits connectionLimits = ConnectionLimits.DEFAULTS;
        private WebhookDelivery webhookDelivery = WebhookDelivery.DEFAULTS;
        private long historyCacheBytes = DEFAULT_HISTORY_CACHE_BYTES;
        private int dbWriters = DEFAULT_DB_WRITERS;

        public Builder port(int port) { this.port = port; return this; }
        public Builder host(String host) { this.host = host; return this; }
        public Builder dataDir(Path dataDir) { this.dataDir = dataDir; return this; }
        public Builder pluginsDir(Path pluginsDir) { this.pluginsDir = pluginsDir; return this; }
        public Builder rateLimit(boolean rateLimit) { this.rateLimit = rateLimit; return this; }
        public Builder dbUrl(String dbUrl) { this.dbUrl = dbUrl; return this; }
        public Builder dbUser(String dbUser) { this.dbUser = dbUser; return this; }
        public Builder dbPassword(String dbPassword) { this.dbPassword = dbPassword; return this; }
        public Builder adminToken(String adminToken) { this.adminToken = adminToken; return this; }
        public Builder shutdownTimeout(Duration timeout) { this.shutdownTimeout = timeout; return this; }
        public Builder hookTimeout(Duration timeout) { this.hookTimeout = timeout; return this; }

        /** Per-route limits, each {@code "METHOD PATH=N/SECONDS"} or {@code "METHOD PATH=off"}. */
        public Builder rateLimitRoutes(List<String> specs) { this.rateLimitRoutes = specs; return this; }
        /** CIDR blocks whose X-Forwarded-For is believed. */
        public Builder trustedProxies(List<String> cidrs) { this.trustedProxies = cidrs; return this; }

        /** How SQLite syncs commits; {@link SqliteSync#APPS} unless an operator chooses otherwise. */
        public Builder sqliteSync(SqliteSync sync) { this.sqliteSync = sync; return this; }

        /** The unpacked widget served at {@code /livechat}; null serves nothing there. */
        public Builder livechatDir(Path dir) { this.livechatDir = dir; return this; }
        /** Origins allowed to call the API from a browser (exact, or {@code *}); empty turns CORS off. */
        public Builder corsOrigins(List<String> origins) { this.corsOrigins = origins; return this; }
        /** How many calls one app's endpoints (and separately its hooks) may run at once. */
        public Builder appConcurrency(int calls) { this.appConcurrency = calls; return this; }
        /** The largest app endpoint response body sent. */
        public Builder appResponseMaxBytes(int bytes) { this.appResponseMaxBytes = bytes; return this; }
        /** The file holding the base64 key for secrets at rest; null for the environment's or the data dir's. */
        public Builder secretKeyFile(Path file) { this.secretKeyFile = file; return this; }
        /** The base64 key for secrets at rest ({@code SWITCHBOARD_SECRET_KEY}); beats the key file. */
        public Builder secretKey(String base64) { this.secretKey = base64; return this; }
        /** Scrape token, log format and access log; {@link Observability#DEFAULT} unless chosen. */
        public Builder observability(Observability observability) {
            this.observability = observability;
            return this;
        }
        /** Whether the visitor API matches by phone or email; {@link VisitorMatching#STRICT} unless chosen. */
        public Builder visitorMatching(VisitorMatching matching) { this.visitorMatching = matching; return this; }

        /** Timeouts, per-client connections and the body budget; {@link ConnectionLimits#DEFAULTS} unless set. */
        public Builder connectionLimits(ConnectionLimits limits) { this.connectionLimits = limits; return this; }

        /** Webhook retries; {@link WebhookDelivery#DEFAULTS} unless set. */
        public Builder webhookDelivery(WebhookDelivery delivery) { this.webhookDelivery = delivery; return this; }
        public Builder historyCacheBytes(long bytes) { this.historyCacheBytes = bytes; return this; }
        /** Writer connections on PostgreSQL; SQLite always has one. */
        public Builder dbWriters(int writers) { this.dbWriters = writers; return this; }

        public HostConfig build() {
            return new HostConfig(port, host, dataDir, pluginsDir, rateLimit, dbUrl, dbUser, dbPassword,
                    adminToken, shutdownTimeout, hookTimeout, rateLimitRoutes, trustedProxies, sqliteSync,
                    livechatDir, corsOrigins, appConcurrency, appResponseMaxBytes, secretKeyFile, secretKey,
                    observability, visitorMatching, connectionLimits, webhookDelivery,
                    historyCacheBytes, dbWriters);
        }
    }
}
