package dev.switchboard.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server tests run against: {@code SWITCHBOARD_TEST_PG_URL} (or the system property
 * {@code switchboard.test.pg.url}), e.g. from {@code eval "$(.ci/postgres.sh start)"}. Without it, PostgreSQL tests
 * are skipped locally and FAIL when {@code CI=true}. Each test gets a database of its own.
 */
public final class PostgresTestSupport {
    public static final String URL_VARIABLE = "SWITCHBOARD_TEST_PG_URL";

    private PostgresTestSupport() { }

    /** The server's JDBC URL; aborts the test (locally) or fails it (CI) when none is configured. */
    public static String requireUrl() {
        String url = System.getProperty("switchboard.test.pg.url", System.getenv(URL_VARIABLE));
        if (url == null || url.isBlank()) {
            String message = "PostgreSQL tests need " + URL_VARIABLE
                    + "; run: eval \"$(.ci/postgres.sh start)\" (see docs/operations.md)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + " [CI=true: PostgreSQL tests must not be skipped]");
            }
            Assumptions.abort(message);
        }
        return url;
    }

    /** A fresh, empty database on the test server; close it to drop it. */
    public static PgDatabase createDatabase() {
        String base = requireUrl();
        String name = "sb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(base);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database on " + base, e);
        }
        return new PgDatabase(base, withDatabase(base, name), name);
    }

    /** {@code url} with its database name replaced. */
    static String withDatabase(String url, String database) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }

    /** Stops the test server (an outage); {@link #startServer} brings it back with the same data and port. */
    public static void stopServer() {
        script("stop");
    }

    public static void startServer() {
        script("start");
    }

    private static void script(String command) {
        String configured = System.getenv("SWITCHBOARD_PG_SCRIPT");
        Path script = configured != null ? Path.of(configured) : Path.of("..", ".ci", "postgres.sh");
        if (!Files.isExecutable(script)) {
            script = Path.of(".ci", "postgres.sh");
        }
        try {
            Process process = new ProcessBuilder(script.toString(), command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(script + " " + command + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A database of its own on the test server. */
    public record PgDatabase(String serverUrl, String url, String name) implements AutoCloseable {
        @Override
        public void close() {
            try (Connection connection = DriverManager.getConnection(serverUrl);
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                // The server may be down after an outage test; the cluster is thrown away anyway.
            }
        }
    }
}
