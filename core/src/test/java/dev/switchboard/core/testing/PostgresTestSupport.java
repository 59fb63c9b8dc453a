package dev.switchboard.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server tests run against, from one of two sources:
 * <ul>
 *   <li><b>given</b>: {@code SWITCHBOARD_TEST_PG_URL} (or the system property {@code switchboard.test.pg.url}),
 *       e.g. from {@code eval "$(.ci/postgres.sh start)"} as {@code .ci/run} does; {@code SWITCHBOARD_PG_DIR} and
 *       {@code SWITCHBOARD_PG_SCRIPT} say where that cluster lives for {@link #stopServer}/{@link #startServer};</li>
 *   <li><b>self-started</b>: otherwise, the first test that needs PostgreSQL starts a throwaway cluster with
 *       {@code .ci/postgres.sh start} in a fresh temporary directory (once per JVM), and a shutdown hook runs
 *       {@code .ci/postgres.sh destroy} on it when the JVM exits. The script is found through the system property
 *       {@code switchboard.project.root} (set by core/pom.xml) or by walking up from the working directory.</li>
 * </ul>
 * Only when no PostgreSQL binaries exist and none can be installed (not root) are PostgreSQL tests skipped, and only
 * locally: with {@code CI=true} they fail. Each test gets a database of its own ({@link #createDatabase}).
 */
public final class PostgresTestSupport {
    public static final String URL_VARIABLE = "SWITCHBOARD_TEST_PG_URL";
    /** {@code .ci/postgres.sh}'s exit status when PostgreSQL is not installed and cannot be (not root). */
    static final int EXIT_NOT_INSTALLED = 3;

    /** Where the test server is and how to stop/start it. {@code dir} null: the script's default. */
    record Server(String url, Path script, Path dir, boolean selfStarted) { }

    private static Server server;
    /** Why the self-start could not happen (cached so every test skips/fails the same way, fast). */
    private static String unavailable;
    /** Why a self-start that should have worked failed. */
    private static RuntimeException failure;

    private PostgresTestSupport() { }

    /** The server's JDBC URL; aborts the test (locally) or fails it (CI) when there is no PostgreSQL. */
    public static String requireUrl() {
        return server().url();
    }

    static synchronized Server server() {
        if (server != null) {
            return server;
        }
        if (unavailable == null) {
            String given = System.getProperty("switchboard.test.pg.url", System.getenv(URL_VARIABLE));
            if (given != null && !given.isBlank()) {
                String dir = System.getenv("SWITCHBOARD_PG_DIR");
                String script = System.getenv("SWITCHBOARD_PG_SCRIPT");
                server = new Server(given, script != null ? Path.of(script) : findScript(),
                        dir != null ? Path.of(dir) : null, false);
                return server;
            }
            if (failure != null) {
                throw new IllegalStateException("The test PostgreSQL could not be started", failure);
            }
            try {
                server = selfStart();
                return server;
            } catch (NotInstalled e) {
                unavailable = e.getMessage();
            } catch (RuntimeException e) {
                failure = e; // PostgreSQL is there but would not start: a real failure, not a skip
                throw e;
            }
        }
        String message = "No PostgreSQL for the tests: " + unavailable + ". Install PostgreSQL (e.g. apt-get install "
                + "postgresql), or set " + URL_VARIABLE + " (eval \"$(.ci/postgres.sh start)\"); see docs/operations.md";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + " [CI=true: PostgreSQL tests must not be skipped]");
        }
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }

    /** Runs {@code .ci/postgres.sh start} on a fresh directory and reads the URL from the lines it prints. */
    private static Server selfStart() {
        Path script = findScript();
        if (script == null) {
            throw new NotInstalled("cannot find .ci/postgres.sh (system property switchboard.project.root unset?)");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("switchboard-test-pg-");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create a directory for the test PostgreSQL", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run(script, dir, "destroy", 60);
                Files.deleteIfExists(dir); // left empty when the cluster never started
            } catch (IOException | RuntimeException e) {
                System.err.println("Could not destroy the test PostgreSQL in " + dir + ": " + e.getMessage());
            }
        }, "test-postgres-destroy"));
        long started = System.nanoTime();
        Result result = run(script, dir, "start", 600); // may apt-get install PostgreSQL first (root)
        if (result.exit() == EXIT_NOT_INSTALLED) {
            throw new NotInstalled("no PostgreSQL binaries (pg_ctl, initdb) found and not root to install them");
        }
        if (result.exit() != 0) {
            throw new IllegalStateException(script + " start failed (" + result.exit() + "):\n" + result.output());
        }
        Map<String, String> exported = exports(result.output());
        String url = exported.get(URL_VARIABLE);
        if (url == null) {
            throw new IllegalStateException(script + " start printed no " + URL_VARIABLE + ":\n" + result.output());
        }
        System.out.printf("Test PostgreSQL started in %d ms: %s (cluster in %s, destroyed at JVM exit)%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), url, dir);
        return new Server(url, script, dir, true);
    }

    /** The {@code export NAME='value'} lines of the script's output. */
    static Map<String, String> exports(String output) {
        Map<String, String> values = new HashMap<>();
        for (String line : output.split("\n")) {
            String trimmed = line.trim();
            if (!trimmed.startsWith("export ") || trimmed.indexOf('=') < 0) {
                continue;
            }
            String name = trimmed.substring("export ".length(), trimmed.indexOf('='));
            String value = trimmed.substring(trimmed.indexOf('=') + 1);
            if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(name, value);
        }
        return values;
    }

    /** {@code .ci/postgres.sh} under {@code switchboard.project.root}, else in the working directory or above it. */
    static Path findScript() {
        String root = System.getProperty("switchboard.project.root");
        if (root != null) {
            Path script = Path.of(root, ".ci", "postgres.sh").toAbsolutePath().normalize();
            if (Files.isExecutable(script)) {
                return script;
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve(".ci").resolve("postgres.sh");
            if (Files.isExecutable(script)) {
                return script;
            }
        }
        return null;
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
        control("stop");
    }

    public static void startServer() {
        control("start");
    }

    /** Restarts the test server (a fast stop and start on the same data and port): every connection dies. */
    public static void restartServer() {
        control("restart");
    }

    private static void control(String command) {
        Server current = server();
        if (current.script() == null) {
            throw new IllegalStateException("Cannot " + command + " the test PostgreSQL: no .ci/postgres.sh found; "
                    + "set SWITCHBOARD_PG_SCRIPT");
        }
        Result result = run(current.script(), current.dir(), command, 60);
        if (result.exit() != 0) {
            throw new IllegalStateException(current.script() + " " + command + " failed (" + result.exit() + "):\n"
                    + result.output());
        }
    }

    private record Result(int exit, String output) { }

    /** Runs the script with {@code SWITCHBOARD_PG_DIR=dir} (when given); stdout and stderr together. */
    private static Result run(Path script, Path dir, String command, int timeoutSeconds) {
        try {
            // Output to a file, not a pipe: the server the script leaves running must not hold our pipe open.
            Path output = Files.createTempFile("switchboard-pg-script", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(List.of(script.toString(), command))
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                if (dir != null) {
                    builder.environment().put("SWITCHBOARD_PG_DIR", dir.toString());
                }
                Process process = builder.start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Result(-1, script + " " + command + " timed out after " + timeoutSeconds + " s");
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** No PostgreSQL on this machine, and no way to install it: the only reason to skip. */
    private static final class NotInstalled extends RuntimeException {
        NotInstalled(String message) {
            super(message, null, false, false);
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
