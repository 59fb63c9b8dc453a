package dev.switchboard.core.testing;

import dev.switchboard.core.config.HostConfig;
import dev.switchboard.core.store.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One store test's database: a fresh SQLite file or a fresh PostgreSQL database, migrated. {@link #database()}
 * is "node A"; on PostgreSQL {@link #anotherNode()} opens a second {@link Database} (own pool, own writers, own
 * listener) on the same data, for cross-node tests. SQLite is one node by construction (two hosts on one file is
 * not supported), so there it returns node A itself. Everything is closed after the test.
 */
public final class TestDatabase implements AutoCloseable {
    /** Which store the test runs against. */
    public enum Kind { SQLITE, POSTGRESQL }

    private final Kind kind;
    private final HostConfig config;
    private final AutoCloseable dropper;
    private final List<Database> opened = new ArrayList<>();
    private final Database database;

    TestDatabase(Kind kind, HostConfig config, AutoCloseable dropper) {
        this.kind = kind;
        this.config = config;
        this.dropper = dropper;
        this.database = open();
    }

    static TestDatabase open(Kind kind, Path dir) {
        HostConfig.Builder builder = HostConfig.builder().dataDir(dir.resolve("data")).pluginsDir(dir);
        if (kind == Kind.SQLITE) {
            return new TestDatabase(kind, builder.build(), () -> { });
        }
        PostgresTestSupport.PgDatabase pg = PostgresTestSupport.createDatabase();
        try {
            return new TestDatabase(kind, builder.dbUrl(pg.url()).build(), pg);
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    public Kind kind() {
        return kind;
    }

    public boolean isPostgres() {
        return kind == Kind.POSTGRESQL;
    }

    /** The migrated database (node A). */
    public Database database() {
        return database;
    }

    /** The host configuration that opens this database (e.g. for a {@code TestHost}). */
    public HostConfig config() {
        return config;
    }

    /** A second node on the same data (PostgreSQL), or node A itself (SQLite); closed with this. */
    public Database anotherNode() {
        return kind == Kind.SQLITE ? database : open();
    }

    private synchronized Database open() {
        Database node = Database.open(config);
        opened.add(node);
        return node;
    }

    @Override
    public synchronized void close() throws Exception {
        for (Database node : opened) {
            node.close();
        }
        dropper.close();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase();
    }
}
