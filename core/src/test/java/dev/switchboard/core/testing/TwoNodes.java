package dev.switchboard.core.testing;

import dev.switchboard.core.config.HostConfig;
import dev.switchboard.core.realtime.RealtimeOptions;
import dev.switchboard.core.testing.PostgresTestSupport.PgDatabase;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * Two hosts of one deployment on a PostgreSQL database of their own: they share the database and the key that
 * encrypts app settings at rest, as nodes of one deployment must. Closing stops the nodes, then drops the database.
 */
public final class TwoNodes implements AutoCloseable {
    private final PgDatabase pg;
    private TestHost a;
    private TestHost b;

    private TwoNodes(PgDatabase pg) {
        this.pg = pg;
    }

    /** Starts both nodes after {@code customize} adjusted each one's test defaults; realtime as in {@link TestHost}. */
    public static TwoNodes start(UnaryOperator<HostConfig.Builder> customize, RealtimeOptions realtime)
            throws Exception {
        TwoNodes nodes = new TwoNodes(PostgresTestSupport.createDatabase());
        try {
            String secretKey = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
            UnaryOperator<HostConfig.Builder> node =
                    builder -> customize.apply(builder.dbUrl(nodes.pg.url()).secretKey(secretKey));
            nodes.a = TestHost.start(node, realtime);
            nodes.b = TestHost.start(node, realtime);
            return nodes;
        } catch (Exception | Error e) {
            nodes.close();
            throw e;
        }
    }

    public TestHost a() {
        return a;
    }

    public TestHost b() {
        return b;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable opened : new AutoCloseable[] {a, b, pg}) { // nodes first, then their database
            if (opened != null) {
                opened.close();
            }
        }
    }
}
