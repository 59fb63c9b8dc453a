package dev.switchboard.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.core.config.HostConfig;
import dev.switchboard.core.config.SqliteSync;
import dev.switchboard.core.error.ServiceUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool, the schema and the two kinds of database threads: a read pool sized to the readers'
 * share of the connection pool, and the {@link TransactionQueue} whose writers own the rest.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    static final String SQLITE_FILE = "switchboard.db";
    /**
     * Connections beyond the ones readers and writers keep: the health ping, upkeep, migrations and the few
     * transactions run outside the writers (app configuration).
     */
    private static final int OTHER_CONNECTIONS = 2;

    private final HikariDataSource dataSource;
    private final SqlDialect dialect;
    private final ExecutorService readers;
    private final TransactionQueue transactions;
    private final Availability availability = new Availability();
    private final ClusterEvents events;
    private PgListener listener;
    private final AtomicReference<CompletableFuture<Boolean>> healthPing = new AtomicReference<>();
    private final ScheduledExecutorService maintenance =
            Executors.newSingleThreadScheduledExecutor(Threads.named("db-maintenance"));

    private final DatabaseUpkeep upkeep;
    /** Each read thread's kept connection with its prepared statements; all of them, to close at the end. */
    private final ThreadLocal<CachedStatements> readerConnection = new ThreadLocal<>();
    private final Set<CachedStatements> readerConnections = ConcurrentHashMap.newKeySet();

    private Database(HikariDataSource dataSource, SqlDialect dialect, DatabaseUpkeep upkeep, int readerCount,
                     int writerCount) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.readers = new ThreadPoolExecutor(readerCount, readerCount, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), Threads.named("db-read"));
        this.upkeep = upkeep;
        this.transactions = new TransactionQueue(dataSource, dialect, writerCount, availability, upkeep);
        this.events = new ClusterEvents(dialect);
        if (upkeep.isPeriodic()) {
            maintenance.scheduleWithFixedDelay(this::runUpkeep, 1, 1, TimeUnit.SECONDS);
        }
    }

    /** Periodic upkeep off the writer threads (SQLite: checkpointing the WAL into the database file). */
    void runUpkeep() {
        try (Connection connection = dataSource.getConnection()) {
            upkeep.runPeriodically(connection);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Database maintenance failed: {}", e.getMessage());
        }
    }

    /** Opens the configured database and brings its schema up to date. */
    public static Database open(HostConfig config) {
        return config.usesExternalDatabase() ? openPostgres(config) : openSqlite(config.dataDir(), config.sqliteSync());
    }

    private static Database openSqlite(Path dataDir, SqliteSync sync) {
        PrivateFiles.directory(dataDir);
        Path file = dataDir.toAbsolutePath().resolve(SQLITE_FILE);
        // SQLite gives the WAL and shared-memory files the database file's mode: creating it 0600 covers them.
        PrivateFiles.file(file);
        PrivateFiles.tightenIfPresent(dataDir.toAbsolutePath().resolve(SQLITE_FILE + "-wal"));
        PrivateFiles.tightenIfPresent(dataDir.toAbsolutePath().resolve(SQLITE_FILE + "-shm"));
        // The writer's own connection commits without syncing and syncs after (SqliteDialect.syncsAfterCommit).
        // The driver would otherwise ask for generated keys after every INSERT; the host never reads them.
        String url = "jdbc:sqlite:" + file + "?journal_mode=WAL&synchronous=" + sync.connectionLevel()
                + "&busy_timeout=5000&foreign_keys=on&jdbc.get_generated_keys=false";
        int readers = 4;
        int writers = 1; // SQLite has one writer; more threads would only queue on its lock.
        HikariConfig hikari = baseConfig("sqlite", url, readers + writers + OTHER_CONNECTIONS);
        SqliteDialect dialect = new SqliteDialect(sync, WalSync.of(file));
        Database database = migrate(new Database(new HikariDataSource(hikari), dialect,
                new WalCheckpoints(WalCheckpoints.DEFAULT_RESTART_FRAMES), readers, writers));
        VisitorNameIndex names = new VisitorNameIndex(database);
        database.maintenance.scheduleWithFixedDelay(names::catchUp, 1, 1, TimeUnit.SECONDS);
        return database;
    }

    private static Database openPostgres(HostConfig config) {
        int readers = 6;
        int writers = config.dbWriters();
        int streamRelay = 1; // realtime.ClusterStreamBus sends stream events on a connection of its own
        HikariConfig hikari = baseConfig("postgresql", config.dbUrl(),
                readers + writers + streamRelay + OTHER_CONNECTIONS);
        if (config.dbUser() != null) {
            hikari.setUsername(config.dbUser());
        }
        if (config.dbPassword() != null) {
            hikari.setPassword(config.dbPassword());
        }
        Database database = migrate(
                new Database(new HikariDataSource(hikari), new PostgresDialect(), DatabaseUpkeep.NONE, readers, writers));
        database.listener = new PgListener(config.dbUrl(), config.dbUser(), config.dbPassword(), database.events);
        database.listener.start();
        return database;
    }

    private static HikariConfig baseConfig(String name, String url, int poolSize) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setJdbcUrl(url);
        hikari.setMaximumPoolSize(poolSize);
        hikari.setMinimumIdle(Math.min(2, poolSize));
        // Requests fail within seconds, not minutes, when the database is gone.
        hikari.setConnectionTimeout(3_000);
        hikari.setValidationTimeout(1_000);
        hikari.setInitializationFailTimeout(10_000);
        return hikari;
    }

    private static Database migrate(Database database) {
        try {
            Flyway.configure()
                    .dataSource(database.dataSource)
                    .locations(database.dialect.migrationLocation())
                    .load()
                    .migrate();
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** Threads for reads; one per reader connection. */
    public ExecutorService readers() {
        return readers;
    }

    /** Writes go through here: batched into group commits, each answered after its commit. */
    /** The connection pool's metrics (HikariCP's own: active, idle, pending, timeouts, usage) in {@code registry}. */
    public void registerPoolMetrics(MeterRegistry registry) {
        dataSource.setMetricRegistry(registry);
    }

    public TransactionQueue transactions() {
        return transactions;
    }

    /** Cross-node events: publish from inside a write, subscribe once at start-up. */
    public ClusterEvents events() {
        return events;
    }

    /** True while this node hears other nodes' events (always true on SQLite, where there are none). */
    public boolean listening() {
        return listener == null || listener.connected();
    }

    /**
     * Runs a read on the read pool with a connection of its own. A database that cannot be reached fails it with
     * {@link ServiceUnavailableException} (503); other SQL failures arrive wrapped in a {@link CompletionException}.
     * A pooled connection found dead (the database restarted since it was last used) costs the read nothing: it
     * runs once more on another connection, which the pool checks first.
     */
    public <T> CompletableFuture<T> read(TransactionQueue.Work<T> work) {
        long enqueued = System.nanoTime();
        return CompletableFuture.supplyAsync(() -> {
            if (availability.failFast(enqueued)) {
                throw new ServiceUnavailableException("The database is unavailable", null);
            }
            try {
                return readOnce(work);
            } catch (StaleConnection stale) {
                LOG.debug("A pooled connection was dead ({}); the read runs on another", stale.getCause().getMessage());
                try {
                    return readOnce(work);
                } catch (StaleConnection again) {
                    availability.failed();
                    throw new ServiceUnavailableException("The database is unavailable", again.getCause());
                }
            }
        }, readers);
    }

    /** One attempt of {@link #read}; a connection failure while it ran is a {@link StaleConnection}. */
    private <T> T readOnce(TransactionQueue.Work<T> work) {
        CachedStatements connection = readerConnection();
        availability.succeeded();
        try {
            return work.run(connection.view());
        } catch (SQLTransientConnectionException e) {
            throw new ServiceUnavailableException("The database is unavailable", e);
        } catch (SQLException e) {
            if (dialect.isConnectionFailure(e)) {
                releaseReaderConnection(connection); // the retry takes a fresh one
                throw new StaleConnection(e);
            }
            throw new CompletionException(e);
        }
    }

    /**
     * This read thread's connection, kept with its prepared statements: preparing the same few statements anew
     * on every read cost a third to a half of a read on SQLite (docs/performance.md). Reads run in autocommit,
     * so a kept connection holds no snapshot between reads.
     */
    private CachedStatements readerConnection() {
        CachedStatements held = readerConnection.get();
        if (held != null) {
            return held;
        }
        try {
            held = new CachedStatements(dataSource.getConnection());
        } catch (SQLException e) {
            availability.failed();
            throw new ServiceUnavailableException("The database is unavailable", e);
        }
        readerConnection.set(held);
        readerConnections.add(held);
        return held;
    }

    private void releaseReaderConnection(CachedStatements connection) {
        readerConnection.remove();
        readerConnections.remove(connection);
        connection.close();
    }

    /** A read's connection failed under it; reads change nothing, so running one again is always safe. */
    private static final class StaleConnection extends RuntimeException {
        StaleConnection(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /**
     * Whether the database answers, from one ping at a time (while the database is down each ping takes the
     * pool's connection timeout) on the host's own maintenance thread, so neither a backlog of reads nor the
     * number of event loops asking changes anything.
     */
    public CompletableFuture<Boolean> health() {
        CompletableFuture<Boolean> current = healthPing.get();
        if (current != null && !current.isDone()) {
            return current;
        }
        CompletableFuture<Boolean> next = new CompletableFuture<>();
        if (!healthPing.compareAndSet(current, next)) {
            return healthPing.get();
        }
        try {
            maintenance.execute(() -> next.complete(ping()));
        } catch (RejectedExecutionException e) {
            next.complete(false); // closing
        }
        return next;
    }

    /** True when a connection can be had and answers {@code SELECT 1}. Blocking. */
    public boolean ping() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            availability.succeeded();
            return true;
        } catch (SQLException e) {
            availability.failed();
            LOG.debug("Database ping failed: {}", e.getMessage());
            return false;
        }
    }

    /** Finishes queued writes, then closes the pool. */
    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        maintenance.shutdownNow();
        transactions.close();
        readers.shutdown();
        try {
            readers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readerConnections.forEach(CachedStatements::close);
        dataSource.close();
    }
}
