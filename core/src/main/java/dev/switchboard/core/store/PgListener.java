package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one LISTEN connection, outside the pool, on a daemon thread of its own. Every (re)connect runs
 * {@link ClusterEvents#resync()} (notifications sent while it was away are lost); a dead connection is noticed by
 * a {@code SELECT 1} every few seconds and replaced with backoff. If it ever goes silent anyway, the cache TTL
 * bounds how stale a node can be. While it is disconnected the host reads visitors through, uncached.
 */
final class PgListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);
    private static final long POLL_MILLIS = 250;
    private static final long CHECK_MILLIS = 3_000;
    private static final long MAX_BACKOFF_MILLIS = 1_000;

    private final String url;
    private final Properties properties;
    private final ClusterEvents events;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile Connection current;

    PgListener(String url, String user, String password, ClusterEvents events) {
        this.url = url;
        this.events = events;
        this.properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("socketTimeout", "10");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "switchboard-listener");
        this.thread = Threads.named("db-listen").newThread(this::run);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** True while the LISTEN connection is up. */
    boolean connected() {
        return connected;
    }

    private void run() {
        long backoff = 100;
        boolean announcedOutage = false;
        while (!closed) {
            try (Connection connection = DriverManager.getConnection(url, properties)) {
                current = connection;
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + ClusterEvents.CACHE_CHANNEL);
                    statement.execute("LISTEN " + ClusterEvents.APPS_CHANNEL);
                    statement.execute("LISTEN " + ClusterEvents.SETTINGS_CHANNEL);
                    statement.execute("LISTEN " + ClusterEvents.STREAM_CHANNEL);
                }
                // Clear what may be stale first, then stop bypassing the cache: the other order would let a read
                // in between be served from an entry that missed invalidations.
                events.resync();
                connected = true;
                backoff = 100;
                if (announcedOutage) {
                    LOG.info("Cluster listener reconnected; caches cleared");
                    announcedOutage = false;
                }
                listen(connection);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                if (!announcedOutage) {
                    LOG.warn("Cluster listener lost its connection ({}); reconnecting", e.getMessage());
                    announcedOutage = true;
                }
            } finally {
                connected = false;
                current = null;
            }
            sleep(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    private void listen(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long lastCheck = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications((int) POLL_MILLIS);
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    events.deliver(notification.getName(), notification.getParameter());
                }
            }
            if (System.nanoTime() - lastCheck > TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
                lastCheck = System.nanoTime();
            }
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection connection = current;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
