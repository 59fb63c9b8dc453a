package dev.switchboard.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCommandLineTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> env = new HashMap<>();

    private HostCommandLine.Parsed parse(String... args) {
        return HostCommandLine.parse(args, env::get, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private HostConfig config(String... args) {
        HostCommandLine.Parsed parsed = parse(args);
        assertTrue(parsed.config().isPresent(), () -> "expected a config, got: " + err);
        return parsed.config().get();
    }

    private void assertUsageError(String... args) {
        HostCommandLine.Parsed parsed = parse(args);
        assertTrue(parsed.config().isEmpty());
        assertEquals(2, parsed.exitCode());
        String message = err.toString();
        assertEquals(1, message.lines().count(), () -> "one line expected: " + message);
        assertTrue(message.startsWith("switchboard: "), message);
        assertFalse(message.contains("Exception"), message);
        assertFalse(message.contains("\tat "), message);
    }

    @Test
    void defaults() {
        HostConfig config = config();
        assertEquals(3000, config.port());
        assertEquals("0.0.0.0", config.host());
        assertEquals(Path.of("data"), config.dataDir());
        assertEquals(Path.of("plugins"), config.pluginsDir());
        assertTrue(config.rateLimit());
        assertNull(config.dbUrl());
        assertFalse(config.usesExternalDatabase());
        assertEquals(Duration.ofSeconds(30), config.shutdownTimeout());
    }

    @Test
    void everyFlag() {
        HostConfig config = config("--port", "8080", "--host", "127.0.0.1", "--data-dir", "/tmp/d",
                "--plugins-dir", "/tmp/p", "--rate-limit", "off", "--db-url", "jdbc:postgresql://db:5432/sb",
                "--admin-token", "secret", "--shutdown-timeout", "5");
        assertEquals(8080, config.port());
        assertEquals("127.0.0.1", config.host());
        assertEquals(Path.of("/tmp/d"), config.dataDir());
        assertEquals(Path.of("/tmp/p"), config.pluginsDir());
        assertFalse(config.rateLimit());
        assertEquals("jdbc:postgresql://db:5432/sb", config.dbUrl());
        assertTrue(config.usesExternalDatabase());
        assertEquals("secret", config.adminToken());
        assertEquals(Duration.ofSeconds(5), config.shutdownTimeout());
    }

    @Test
    void rateLimitTakesOnOrOff() {
        assertFalse(config("--rate-limit", "off").rateLimit());
        assertTrue(config("--rate-limit", "on").rateLimit());
        assertFalse(config("--rate-limit=off").rateLimit());
        assertTrue(config("--rate-limit=ON").rateLimit());
        assertEquals(3100, config("--rate-limit", "off", "--port", "3100").port());
    }

    @Test
    void equalsSyntax() {
        assertEquals(4000, config("--port=4000").port());
    }

    @Test
    void environmentTwins() {
        env.put("SWITCHBOARD_PORT", "4001");
        env.put("SWITCHBOARD_HOST", "::1");
        env.put("SWITCHBOARD_DATA_DIR", "/env/data");
        env.put("SWITCHBOARD_PLUGINS_DIR", "/env/plugins");
        env.put("SWITCHBOARD_RATE_LIMIT", "off");
        env.put("SWITCHBOARD_DB_URL", "jdbc:postgresql://h/db");
        env.put("SWITCHBOARD_DB_USER", "u");
        env.put("SWITCHBOARD_DB_PASSWORD", "p");
        env.put("SWITCHBOARD_ADMIN_TOKEN", "envtoken");
        env.put("SWITCHBOARD_SHUTDOWN_TIMEOUT", "7");
        HostConfig config = config();
        assertEquals(4001, config.port());
        assertEquals("::1", config.host());
        assertEquals(Path.of("/env/data"), config.dataDir());
        assertEquals(Path.of("/env/plugins"), config.pluginsDir());
        assertFalse(config.rateLimit());
        assertEquals("jdbc:postgresql://h/db", config.dbUrl());
        assertEquals("u", config.dbUser());
        assertEquals("p", config.dbPassword());
        assertEquals("envtoken", config.adminToken());
        assertEquals(Duration.ofSeconds(7), config.shutdownTimeout());
    }

    @Test
    void flagBeatsEnvironmentBeatsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("switchboard.json");
        Files.writeString(file, "{\"port\": 5000, \"host\": \"10.0.0.1\", \"data-dir\": \"/file/data\","
                + " \"rate-limit\": false}");
        assertEquals(5000, config("--config", file.toString()).port());
        assertEquals("10.0.0.1", config("--config", file.toString()).host());
        assertEquals(Path.of("/file/data"), config("--config", file.toString()).dataDir());
        assertFalse(config("--config", file.toString()).rateLimit());

        env.put("SWITCHBOARD_PORT", "5001");
        assertEquals(5001, config("--config", file.toString()).port());
        assertEquals("10.0.0.1", config("--config", file.toString()).host(), "file still applies to others");

        assertEquals(5002, config("--config", file.toString(), "--port", "5002").port());
    }

    @Test
    void configFileFromEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "{\"port\": 5100}");
        env.put("SWITCHBOARD_CONFIG", file.toString());
        assertEquals(5100, config().port());
        assertEquals(5100, config("--config=" + file).port());
    }

    @Test
    void unknownFlag() {
        assertUsageError("--bogus");
        assertTrue(err.toString().contains("--bogus"), err.toString());
    }

    @Test
    void badPort() {
        assertUsageError("--port", "abc");
    }

    @Test
    void portOutOfRange() {
        assertUsageError("--port", "70000");
    }

    @Test
    void negativePort() {
        assertUsageError("--port", "-1");
    }

    @Test
    void badRateLimit() {
        assertUsageError("--rate-limit", "maybe");
    }

    @Test
    void badEnvironmentValue() {
        env.put("SWITCHBOARD_PORT", "nope");
        assertUsageError();
    }

    @Test
    void anEnvironmentVariablesBadValueNamesTheVariable() {
        env.put("SWITCHBOARD_PORT", "nope");
        assertUsageError();
        assertTrue(err.toString().contains("(from environment variable SWITCHBOARD_PORT)"), err::toString);
    }

    @Test
    void aBadValueOnTheCommandLineNamesNoVariable() {
        env.put("SWITCHBOARD_PORT", "nope");
        assertUsageError("--port", "http");
        assertFalse(err.toString().contains("environment variable"), err::toString);
    }

    /** A config file holding {@code json} is refused in one line that contains {@code expected}. */
    private void assertConfigFileRefused(Path dir, String json, String expected) throws Exception {
        Path file = dir.resolve("refused.json");
        Files.writeString(file, json);
        assertUsageError("--config", file.toString());
        assertTrue(err.toString().contains(expected), err::toString);
    }

    @Test
    void aConfigFilesBadValueNamesTheKey(@TempDir Path dir) throws Exception {
        assertConfigFileRefused(dir, "{\"shutdown-timeout\": \"soon\"}",
                "(from config file key \"shutdown-timeout\")");
    }

    @Test
    void anUnknownKeyInTheConfigFileIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        assertConfigFileRefused(dir, "{\"port\": 3000, \"data_dir\": \"/var/lib/switchboard\"}",
                "Unknown key \"data_dir\"");
    }

    @Test
    void theOperationsGuidesExampleConfigFileIsValid(@TempDir Path dir) throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "operations.md"));
        int start = guide.indexOf("```json\n") + "```json\n".length();
        Path file = dir.resolve("switchboard.json");
        Files.writeString(file, guide.substring(start, guide.indexOf("```", start)));
        HostConfig config = config("--config", file.toString());
        assertEquals(Path.of("/var/lib/switchboard"), config.dataDir());
        assertEquals(new Observability(null, Observability.LogFormat.JSON, true), config.observability());
        assertEquals(List.of("127.0.0.1/32"), config.trustedProxies());
    }

    @Test
    void aBadLogLevelIsRefused() {
        env.put("SWITCHBOARD_LOG_LEVEL", "loud");
        assertUsageError();
        assertTrue(err.toString().contains("SWITCHBOARD_LOG_LEVEL: 'loud'"), err::toString);
        env.put("SWITCHBOARD_LOG_LEVEL", "debug");
        assertTrue(parse().config().isPresent());
    }

    @Test
    void observabilityFlags() {
        assertEquals(Observability.DEFAULT, config().observability());
        Observability chosen = config("--metrics-token", "scrape", "--log-format", "json", "--access-log", "on")
                .observability();
        assertEquals(new Observability("scrape", Observability.LogFormat.JSON, true), chosen);
        env.put("SWITCHBOARD_LOG_FORMAT", "JSON");
        env.put("SWITCHBOARD_METRICS_TOKEN", "from-env");
        assertEquals(new Observability("from-env", Observability.LogFormat.JSON, false), config().observability());
        assertUsageError("--log-format", "xml");
    }

    @Test
    void negativeShutdownTimeout() {
        assertUsageError("--shutdown-timeout", "-3");
    }

    @Test
    void theHistoryCacheIs32MibUnlessSizedOrTurnedOff() {
        assertEquals(32L << 20, config().historyCacheBytes());
        assertEquals(0, config("--history-cache-mb", "0").historyCacheBytes());
        env.put("SWITCHBOARD_HISTORY_CACHE_MB", "128");
        assertEquals(128L << 20, config().historyCacheBytes());
        assertUsageError("--history-cache-mb", "-1");
    }

    @Test
    void dbWritersDefaultsToTwoAndMustBePositive() {
        assertEquals(2, config().dbWriters());
        assertEquals(1, config("--db-writers", "1").dbWriters());
        env.put("SWITCHBOARD_DB_WRITERS", "4");
        assertEquals(4, config().dbWriters());
        assertUsageError("--db-writers", "0");
    }

    @Test
    void dbWritersHaveAnUpperBound() {
        assertUsageError("--db-writers", "65");
    }


    @Test
    void nonPostgresDbUrl() {
        assertUsageError("--db-url", "jdbc:mysql://x/y");
    }

    @Test
    void missingValue() {
        assertUsageError("--port");
    }

    @Test
    void positionalArgument() {
        assertUsageError("extra");
    }

    @Test
    void missingConfigFile(@TempDir Path dir) {
        assertUsageError("--config", dir.resolve("absent.json").toString());
    }

    @Test
    void malformedConfigFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"port\": ");
        assertUsageError("--config", file.toString());
    }

    @Test
    void nonObjectConfigFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("arr.json");
        Files.writeString(file, "[1]");
        assertUsageError("--config", file.toString());
    }

    @Test
    void badValueInConfigFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad-port.json");
        Files.writeString(file, "{\"port\": \"many\"}");
        assertUsageError("--config", file.toString());
    }

    @Test
    void sqliteSyncIsAppsUnlessAnOperatorChoosesAnother() {
        assertEquals(SqliteSync.APPS, config().sqliteSync());
        assertEquals(SqliteSync.NORMAL, config("--sqlite-sync", "normal").sqliteSync());
        env.put("SWITCHBOARD_SQLITE_SYNC", "NORMAL");
        assertEquals(SqliteSync.NORMAL, config().sqliteSync());
        assertEquals(SqliteSync.FULL, config("--sqlite-sync=full").sqliteSync());
    }

    @Test
    void pluginLimitsAndTheSecretKeyComeFromFlagsOrTheEnvironment() {
        HostConfig defaults = config();
        assertEquals(64, defaults.appConcurrency());
        assertEquals(8 * 1024 * 1024, defaults.appResponseMaxBytes());
        assertNull(defaults.secretKeyFile());
        assertNull(defaults.secretKey());

        HostConfig flags = config("--app-concurrency", "8", "--app-response-max-bytes", "1024",
                "--secret-key-file", "/etc/switchboard/key");
        assertEquals(8, flags.appConcurrency());
        assertEquals(1024, flags.appResponseMaxBytes());
        assertEquals(Path.of("/etc/switchboard/key"), flags.secretKeyFile());

        env.put("SWITCHBOARD_APP_CONCURRENCY", "4");
        env.put("SWITCHBOARD_SECRET_KEY", "a2V5");
        env.put("SWITCHBOARD_SECRET_KEY_FILE", "/run/key");
        HostConfig fromEnv = config();
        assertEquals(4, fromEnv.appConcurrency());
        assertEquals("a2V5", fromEnv.secretKey());
        assertEquals(Path.of("/run/key"), fromEnv.secretKeyFile());
        assertFalse(fromEnv.toString().contains("a2V5"), "the key never reaches a log through toString");
    }

    @Test
    void aZeroAppConcurrencyIsAUsageError() {
        assertUsageError("--app-concurrency", "0");
    }

    @Test
    void anUnknownSqliteSyncIsAUsageError() {
        assertUsageError("--sqlite-sync", "off");
    }

    @Test
    void visitorMatchingIsStrictUnlessAnOperatorChoosesRocketChat(@TempDir Path dir) throws Exception {
        assertEquals(VisitorMatching.STRICT, config().visitorMatching());
        assertEquals(VisitorMatching.ROCKETCHAT, config("--visitor-matching", "rocketchat").visitorMatching());
        Path file = dir.resolve("matching.json");
        Files.writeString(file, "{\"visitor-matching\": \"rocketchat\"}");
        assertEquals(VisitorMatching.ROCKETCHAT, config("--config", file.toString()).visitorMatching());
        env.put("SWITCHBOARD_VISITOR_MATCHING", "STRICT");
        assertEquals(VisitorMatching.STRICT, config("--config", file.toString()).visitorMatching());
        assertEquals(VisitorMatching.ROCKETCHAT, config("--visitor-matching=RocketChat").visitorMatching());
        assertUsageError("--visitor-matching", "phone");
    }

    @Test
    void connectionLimitsHaveDefaultsFlagsAndEnvironmentTwins() {
        ConnectionLimits defaults = config().connectionLimits();
        assertEquals(Duration.ofSeconds(60), defaults.idle());
        assertEquals(Duration.ofSeconds(10), defaults.header());
        assertEquals(Duration.ofSeconds(30), defaults.body());
        assertEquals(256, defaults.perClient());
        assertEquals(Runtime.getRuntime().maxMemory() / 8, defaults.bodyBudgetBytes());
        env.put("SWITCHBOARD_BODY_TIMEOUT", "5");
        ConnectionLimits set = config("--idle-timeout", "90", "--header-timeout=3", "--max-connections-per-client",
                "8", "--body-budget", "16").connectionLimits();
        assertEquals(Duration.ofSeconds(90), set.idle());
        assertEquals(Duration.ofSeconds(3), set.header());
        assertEquals(Duration.ofSeconds(5), set.body());
        assertEquals(8, set.perClient());
        assertEquals(16L << 20, set.bodyBudgetBytes());
        assertUsageError("--header-timeout", "0");
    }

    @Test
    void helpListsEveryFlagAndItsEnvironmentVariable() {
        HostCommandLine.Parsed parsed = parse("--help");
        assertTrue(parsed.config().isEmpty());
        assertEquals(0, parsed.exitCode());
        String help = out.toString();
        for (String flag : List.of("--port", "--host", "--data-dir", "--plugins-dir", "--config", "--rate-limit",
                "--db-url", "--admin-token", "--shutdown-timeout", "--hook-timeout-ms", "--sqlite-sync",
                "--visitor-matching", "--idle-timeout", "--header-timeout", "--body-timeout",
                "--max-connections-per-client", "--body-budget",
                "--rate-limit-route", "--trusted-proxies", "--metrics-token", "--log-format", "--access-log",
                "--help", "--version", "SWITCHBOARD_LOG_LEVEL", "beats")) {
            assertTrue(help.contains(flag), () -> flag + " missing from help:\n" + help);
        }
        for (String variable : List.of("SWITCHBOARD_PORT", "SWITCHBOARD_HOST", "SWITCHBOARD_DATA_DIR",
                "SWITCHBOARD_PLUGINS_DIR", "SWITCHBOARD_CONFIG", "SWITCHBOARD_RATE_LIMIT", "SWITCHBOARD_DB_URL",
                "SWITCHBOARD_ADMIN_TOKEN", "SWITCHBOARD_SHUTDOWN_TIMEOUT", "SWITCHBOARD_HOOK_TIMEOUT_MS",
                "SWITCHBOARD_SQLITE_SYNC", "SWITCHBOARD_RATE_LIMIT_ROUTE", "SWITCHBOARD_TRUSTED_PROXIES",
                "SWITCHBOARD_VISITOR_MATCHING", "SWITCHBOARD_IDLE_TIMEOUT", "SWITCHBOARD_HEADER_TIMEOUT",
                "SWITCHBOARD_BODY_TIMEOUT", "SWITCHBOARD_MAX_CONNECTIONS_PER_CLIENT", "SWITCHBOARD_BODY_BUDGET")) {
            assertTrue(help.contains(variable), () -> variable + " missing from help:\n" + help);
        }
    }

    @Test
    void helpShowsDefaultsNotEnvironmentValues() {
        env.put("SWITCHBOARD_ADMIN_TOKEN", "do-not-print-me");
        parse("--help");
        assertFalse(out.toString().contains("do-not-print-me"));
    }

    @Test
    void version() {
        HostCommandLine.Parsed parsed = parse("--version");
        assertEquals(0, parsed.exitCode());
        assertTrue(out.toString().startsWith("switchboard "), out.toString());
    }

    @Test
    void environmentNames() {
        assertEquals("SWITCHBOARD_DATA_DIR", EnvironmentDefaults.environmentName("--data-dir"));
        assertEquals("SWITCHBOARD_PORT", EnvironmentDefaults.environmentName("--port"));
    }

    @Test
    void widgetFlagsAreOffByDefault() {
        HostConfig config = config();
        assertNull(config.livechatDir());
        assertEquals(java.util.List.of(), config.corsOrigins());
    }

    @Test
    void livechatDirAndCorsOriginsFromFlagEnvironmentOrFile(@TempDir Path dir) throws Exception {
        Path widget = Files.createDirectory(dir.resolve("livechat"));
        Files.writeString(widget.resolve("index.html"), "<html></html>");
        HostConfig flags = config("--livechat-dir", widget.toString(),
                "--cors-origins", "https://shop.example, http://localhost:8080");
        assertEquals(widget, flags.livechatDir());
        assertEquals(java.util.List.of("https://shop.example", "http://localhost:8080"), flags.corsOrigins());

        env.put("SWITCHBOARD_CORS_ORIGINS", "*");
        env.put("SWITCHBOARD_LIVECHAT_DIR", widget.toString());
        assertEquals(java.util.List.of("*"), config().corsOrigins());
        assertEquals(widget, config().livechatDir());
        env.clear();

        Path file = dir.resolve("switchboard.json");
        Files.writeString(file, "{\"cors-origins\": \"https://a.example,https://b.example\", \"livechat-dir\": \""
                + widget + "\"}");
        HostConfig fromFile = config("--config", file.toString());
        assertEquals(java.util.List.of("https://a.example", "https://b.example"), fromFile.corsOrigins());
        assertEquals(widget, fromFile.livechatDir());
    }

    @Test
    void livechatDirWithoutTheWidget(@TempDir Path dir) {
        assertUsageError("--livechat-dir", dir.toString());
        assertTrue(err.toString().contains("has no index.html"), err.toString());
    }

    @Test
    void corsOriginsMustBeOrigins() {
        assertUsageError("--cors-origins", "https://shop.example/path");
        assertTrue(err.toString().contains("is not an origin"), err.toString());
    }

    @Test
    void corsOriginsThatAreNotWebOrigins() {
        assertUsageError("--cors-origins", "shop.example");
    }
}
