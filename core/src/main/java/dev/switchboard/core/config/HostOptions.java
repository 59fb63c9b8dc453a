package dev.switchboard.core.config;

import dev.switchboard.core.cache.HistoryCache;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The host's flags. Every flag has an environment twin ({@code --data-dir} → {@code SWITCHBOARD_DATA_DIR}) and a
 * key in the optional JSON config file ({@code "data-dir"}); a flag beats the environment, which beats the file.
 */
@Command(name = "switchboard", mixinStandardHelpOptions = true, versionProvider = BuildInfo.VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Omnichannel connector host: Rocket.Chat's livechat visitor API and channel-bridge plugins.",
        footer = {"", "Every flag can also come from its environment variable (SWITCHBOARD_<FLAG>, e.g. "
                + "SWITCHBOARD_DATA_DIR) or from a key of the --config JSON file (e.g. \"data-dir\"). A flag beats "
                + "its environment variable, which beats the file; an unknown key in the file is an error.",
                "", "SWITCHBOARD_LOG_LEVEL (environment only): TRACE, DEBUG, INFO (default), WARN, ERROR or OFF."})
final class HostOptions {
    /**
     * Reads an enum flag by its constants' wire names ({@link WireNames}: {@code --sqlite-sync full}); a wrong value is
     * picocli's conversion error naming the allowed ones.
     */
    static final class WireNameConverter<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
        private final E[] constants;

        WireNameConverter(E[] constants) {
            this.constants = constants;
        }

        @Override
        public E convert(String value) {
            try {
                return WireNames.parse(constants, value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Picocli's command line for these options, with the converter of each enum flag's type. */
    CommandLine commandLine() {
        return new CommandLine(this)
                .registerConverter(SqliteSync.class, new WireNameConverter<>(SqliteSync.values()))
                .registerConverter(VisitorMatching.class, new WireNameConverter<>(VisitorMatching.values()))
                .registerConverter(Observability.LogFormat.class,
                        new WireNameConverter<>(Observability.LogFormat.values()));
    }

    @Option(names = "--port", paramLabel = "N", defaultValue = "3000",
            description = "HTTP port; 0 picks a free one. Env SWITCHBOARD_PORT. Default ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Address to bind. Env SWITCHBOARD_HOST. Default ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Directory of the embedded SQLite database. Env SWITCHBOARD_DATA_DIR. Default ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--plugins-dir", paramLabel = "DIR", defaultValue = "plugins",
            description = "Directory whose plugin jars are loaded. Env SWITCHBOARD_PLUGINS_DIR. Default ${DEFAULT-VALUE}.")
    Path pluginsDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON file whose keys are flag names (\"port\", \"data-dir\", ...). Env SWITCHBOARD_CONFIG.")
    Path configFile;

    @Option(names = "--rate-limit", paramLabel = "on|off", arity = "1", defaultValue = "on",
            converter = OnOffConverter.class,
            description = "Per-client rate limits on public routes. Env SWITCHBOARD_RATE_LIMIT. Default ${DEFAULT-VALUE}.")
    boolean rateLimit;

    @Option(names = "--rate-limit-route", paramLabel = "\"METHOD PATH=N/SECONDS\"", split = ",",
            description = "Overrides one route's limit (repeatable, or comma-separated), e.g. "
                    + "\"POST /api/v1/livechat/visitor=5/60\" or \"GET /api/v1/livechat/visitor/:token=off\". "
                    + "Env SWITCHBOARD_RATE_LIMIT_ROUTE.")
    java.util.List<String> rateLimitRoutes;

    @Option(names = "--trusted-proxies", paramLabel = "CIDR,...", split = ",",
            description = "Proxies whose X-Forwarded-For names the client for rate limits; none by default. "
                    + "Env SWITCHBOARD_TRUSTED_PROXIES.")
    java.util.List<String> trustedProxies;

    @Option(names = "--sqlite-sync", paramLabel = "full|apps|normal", defaultValue = "apps",
            description = "How the embedded database syncs commits: full (every commit synced before it is "
                    + "acknowledged: nothing acknowledged is lost, even on power loss), apps (commits carrying an "
                    + "app's write synced; the visitor API's registrations synced within a second, so a power loss "
                    + "may lose the last second of them) or normal (no commit synced before it is acknowledged). "
                    + "A crash or kill -9 loses nothing in any mode. Env SWITCHBOARD_SQLITE_SYNC. "
                    + "Default ${DEFAULT-VALUE}.")
    SqliteSync sqliteSync;

    @Option(names = "--visitor-matching", paramLabel = "strict|rocketchat", defaultValue = "strict",
            description = "strict: a visitor-API registration lands on an existing visitor only by its token; a new "
                    + "token with a known phone or email makes a new visitor. rocketchat: Rocket.Chat's rules, where "
                    + "a known phone returns that visitor's token and data and a known email moves the visitor to "
                    + "the new token, so anyone who knows a phone or an email can take a visitor over. "
                    + "Env SWITCHBOARD_VISITOR_MATCHING. Default ${DEFAULT-VALUE}.")
    VisitorMatching visitorMatching;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DB); embedded SQLite when absent. "
                    + "Env SWITCHBOARD_DB_URL; credentials in the URL or SWITCHBOARD_DB_USER / SWITCHBOARD_DB_PASSWORD.")
    String dbUrl;

    @Option(names = "--db-writers", paramLabel = "N", defaultValue = "" + HostConfig.DEFAULT_DB_WRITERS,
            description = "Writer connections of this node on PostgreSQL, each committing batches of whatever "
                    + "writes wait (ignored on SQLite, which has one writer). With several nodes, keep their sum "
                    + "near the database's cores. Env SWITCHBOARD_DB_WRITERS. Default ${DEFAULT-VALUE}.")
    int dbWriters;

    @Option(names = "--admin-token", paramLabel = "TOKEN",
            description = "Ensures user 'admin' (role admin) whose token is TOKEN. Env SWITCHBOARD_ADMIN_TOKEN.")
    String adminToken;

    @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long SIGTERM lets in-flight requests finish. Env SWITCHBOARD_SHUTDOWN_TIMEOUT. "
                    + "Default ${DEFAULT-VALUE}.")
    int shutdownTimeoutSeconds;

    @Option(names = "--hook-timeout-ms", paramLabel = "MS", defaultValue = "2000",
            description = "Time budget of each plugin registration hook. Env SWITCHBOARD_HOOK_TIMEOUT_MS. "
                    + "Default ${DEFAULT-VALUE}.")
    int hookTimeoutMillis;

    @Option(names = "--webhook-retry-window", paramLabel = "SECONDS", defaultValue = "86400",
            description = "How long an omnichannel webhook event is retried (with exponential backoff and jitter) "
                    + "before it becomes a dead letter. Env SWITCHBOARD_WEBHOOK_RETRY_WINDOW. Default ${DEFAULT-VALUE} "
                    + "(24 hours).")
    long webhookRetryWindowSeconds;

    @Option(names = "--webhook-max-backoff", paramLabel = "SECONDS", defaultValue = "60",
            description = "The longest wait between two tries of a webhook event. "
                    + "Env SWITCHBOARD_WEBHOOK_MAX_BACKOFF. Default ${DEFAULT-VALUE}.")
    long webhookMaxBackoffSeconds;

    @Option(names = "--history-cache-mb", paramLabel = "MIB",
            defaultValue = "" + HistoryCache.Settings.DEFAULT_MEBIBYTES,
            description = "Memory for rendered history pages (livechat/messages.history); 0 turns the cache off. "
                    + "Env SWITCHBOARD_HISTORY_CACHE_MB. Default ${DEFAULT-VALUE}.")
    int historyCacheMebibytes;

    @Option(names = "--livechat-dir", paramLabel = "DIR",
            description = "Directory of Rocket.Chat's built livechat widget (scripts/fetch-livechat-widget.sh), "
                    + "served at /livechat; nothing is served there without it. Env SWITCHBOARD_LIVECHAT_DIR.")
    Path livechatDir;

    @Option(names = "--cors-origins", paramLabel = "ORIGINS", split = ",",
            description = "Origins (scheme://host[:port], comma-separated, or *) whose web pages may call the API "
                    + "from a browser; none by default (CORS off). Env SWITCHBOARD_CORS_ORIGINS.")
    java.util.List<String> corsOrigins;

    @Option(names = "--app-concurrency", paramLabel = "N", defaultValue = "64",
            description = "How many calls one app's endpoints may run at once, and separately its hooks, and its "
                    + "outbound HTTP calls (AppHttp); one app can use up only its own. Env SWITCHBOARD_APP_CONCURRENCY. "
                    + "Default ${DEFAULT-VALUE}.")
    int appConcurrency;

    @Option(names = "--app-response-max-bytes", paramLabel = "BYTES", defaultValue = "8388608",
            description = "Largest app endpoint response body sent (a larger one is answered with a 502), and largest "
                    + "response body an app's outbound HTTP call reads. "
                    + "Env SWITCHBOARD_APP_RESPONSE_MAX_BYTES. Default ${DEFAULT-VALUE}.")
    int appResponseMaxBytes;

    @Option(names = "--secret-key-file", paramLabel = "FILE",
            description = "File holding the base64 AES-256 key that encrypts app settings at rest; or the key "
                    + "itself in env SWITCHBOARD_SECRET_KEY. Without either, DATA_DIR/secret.key (made on first "
                    + "start, mode 0600). Env SWITCHBOARD_SECRET_KEY_FILE.")
    Path secretKeyFile;

    @Option(names = "--metrics-token", paramLabel = "TOKEN",
            description = "Bearer token GET /metrics accepts besides the admin token. Env SWITCHBOARD_METRICS_TOKEN.")
    String metricsToken;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
            description = "Log lines as text or as one JSON object per line. Env SWITCHBOARD_LOG_FORMAT. "
                    + "Default ${DEFAULT-VALUE}.")
    Observability.LogFormat logFormat;

    @Option(names = "--access-log", paramLabel = "on|off", arity = "1", defaultValue = "off",
            converter = OnOffConverter.class,
            description = "One log line per HTTP request (logger switchboard.access). Env SWITCHBOARD_ACCESS_LOG. "
                    + "Default ${DEFAULT-VALUE}.")
    boolean accessLog;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Closes a connection from which nothing arrived for this long, even while a response "
                    + "is being sent. Env SWITCHBOARD_IDLE_TIMEOUT. Default ${DEFAULT-VALUE}.")
    int idleTimeoutSeconds;

    @Option(names = "--header-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Closes a connection whose next request head has not fully arrived this long after the "
                    + "connection opened or its previous response ended (slow headers; kept-alive connections "
                    + "wait at most this long). Env SWITCHBOARD_HEADER_TIMEOUT. Default ${DEFAULT-VALUE}.")
    int headerTimeoutSeconds;

    @Option(names = "--body-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Answers 408 and closes the connection when a request's body has not fully arrived this "
                    + "long after its head. Env SWITCHBOARD_BODY_TIMEOUT. Default ${DEFAULT-VALUE}.")
    int bodyTimeoutSeconds;

    @Option(names = "--max-connections-per-client", paramLabel = "N", defaultValue = "256",
            description = "Open connections one peer address may hold; more are closed at once. Trusted proxies "
                    + "(--trusted-proxies) are exempt. Env SWITCHBOARD_MAX_CONNECTIONS_PER_CLIENT. "
                    + "Default ${DEFAULT-VALUE}.")
    int maxConnectionsPerClient;

    @Option(names = "--body-budget", paramLabel = "MIB",
            description = "Request-body bytes (MiB) the host buffers at once across all requests before any route "
                    + "authenticated them; a request that would exceed it is answered 503 at once. "
                    + "Env SWITCHBOARD_BODY_BUDGET. Default: an eighth of the heap.")
    Integer bodyBudgetMebibytes;

    HostConfig toHostConfig(Function<String, String> env) {
        if (appConcurrency < 1) {
            throw new IllegalArgumentException("Invalid value for option '--app-concurrency': must be positive");
        }
        if (appResponseMaxBytes < 0) {
            throw new IllegalArgumentException(
                    "Invalid value for option '--app-response-max-bytes': must not be negative");
        }
        if (shutdownTimeoutSeconds < 0) {
            throw new IllegalArgumentException("Invalid value for option '--shutdown-timeout': must not be negative");
        }
        if (hookTimeoutMillis < 1) {
            throw new IllegalArgumentException("Invalid value for option '--hook-timeout-ms': must be positive");
        }
        if (webhookRetryWindowSeconds < 0) {
            throw new IllegalArgumentException(
                    "Invalid value for option '--webhook-retry-window': must not be negative");
        }
        if (dbWriters < 1 || dbWriters > 64) {
            throw new IllegalArgumentException("Invalid value for option '--db-writers': must be between 1 and 64");
        }
        if (historyCacheMebibytes < 0) {
            throw new IllegalArgumentException("Invalid value for option '--history-cache-mb': must not be negative");
        }
        if (webhookMaxBackoffSeconds < 1) {
            throw new IllegalArgumentException("Invalid value for option '--webhook-max-backoff': must be positive");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Invalid value for option '--port': " + port
                    + " is not between 0 and 65535");
        }
        if (dbUrl != null && !dbUrl.isBlank() && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Invalid value for option '--db-url': only jdbc:postgresql: URLs "
                    + "are supported (leave it unset for the embedded SQLite database)");
        }
        for (var timeout : java.util.Map.of("--idle-timeout", idleTimeoutSeconds, "--header-timeout",
                headerTimeoutSeconds, "--body-timeout", bodyTimeoutSeconds, "--max-connections-per-client",
                maxConnectionsPerClient, "--body-budget", bodyBudgetMebibytes == null ? 1 : bodyBudgetMebibytes)
                .entrySet()) {
            if (timeout.getValue() < 1) {
                throw new IllegalArgumentException("Invalid value for option '" + timeout.getKey()
                        + "': must be positive");
            }
        }
        // Fail at start-up (exit 2) on a bad spec, not at the first request.
        dev.switchboard.core.ratelimit.RateLimitRule.withOverrides(
                rateLimitRoutes == null ? java.util.List.of() : rateLimitRoutes);
        dev.switchboard.core.ratelimit.TrustedProxies.parse(
                trustedProxies == null ? java.util.List.of() : trustedProxies);
        if (livechatDir != null && !java.nio.file.Files.isRegularFile(livechatDir.resolve("index.html"))) {
            throw new IllegalArgumentException("Invalid value for option '--livechat-dir': " + livechatDir
                    + " has no index.html (unpack the widget with scripts/fetch-livechat-widget.sh)");
        }
        java.util.List<String> origins = corsOrigins(corsOrigins);
        return HostConfig.builder()
                .port(port).host(host).dataDir(dataDir).pluginsDir(pluginsDir).rateLimit(rateLimit)
                .dbUrl(dbUrl)
                .dbUser(env.apply("SWITCHBOARD_DB_USER"))
                .dbPassword(env.apply("SWITCHBOARD_DB_PASSWORD"))
                .adminToken(adminToken)
                .shutdownTimeout(Duration.ofSeconds(shutdownTimeoutSeconds))
                .hookTimeout(Duration.ofMillis(hookTimeoutMillis))
                .rateLimitRoutes(rateLimitRoutes).trustedProxies(trustedProxies)
                .sqliteSync(sqliteSync)
                .livechatDir(livechatDir).corsOrigins(origins)
                .appConcurrency(appConcurrency).appResponseMaxBytes(appResponseMaxBytes)
                .secretKeyFile(secretKeyFile).secretKey(env.apply("SWITCHBOARD_SECRET_KEY"))
                .observability(new Observability(metricsToken, logFormat, accessLog))
                .visitorMatching(visitorMatching)
                .connectionLimits(new ConnectionLimits(Duration.ofSeconds(idleTimeoutSeconds),
                        Duration.ofSeconds(headerTimeoutSeconds), Duration.ofSeconds(bodyTimeoutSeconds),
                        maxConnectionsPerClient, bodyBudgetMebibytes == null ? ConnectionLimits.defaultBodyBudget()
                                : bodyBudgetMebibytes * 1024L * 1024L))
                .webhookDelivery(new WebhookDelivery(Duration.ofSeconds(webhookRetryWindowSeconds),
                        Duration.ofSeconds(webhookMaxBackoffSeconds)))
                .historyCacheBytes(historyCacheMebibytes * 1024L * 1024L)
                .dbWriters(dbWriters)
                .build();
    }

    /** Trimmed, non-empty origins; each {@code *} or {@code scheme://host[:port]} without a path. */
    private static java.util.List<String> corsOrigins(java.util.List<String> values) {
        java.util.List<String> origins = new java.util.ArrayList<>();
        for (String value : values == null ? java.util.List.<String>of() : values) {
            String origin = value.trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (!origin.equals("*") && !origin.matches("(?i)https?://[^/?#\\s]+")) {
                throw new IllegalArgumentException("Invalid value for option '--cors-origins': '" + origin
                        + "' is not an origin (scheme://host[:port]) or *");
            }
            origins.add(origin);
        }
        return origins;
    }
}
