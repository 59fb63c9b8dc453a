package dev.switchboard.core.testing;

import dev.switchboard.core.SwitchboardHost;
import dev.switchboard.core.config.HostConfig;
import dev.switchboard.core.realtime.RealtimeOptions;
import java.nio.file.Files;
import java.util.function.UnaryOperator;

/**
 * A real host, in this JVM, on a random port with a fresh data directory. Close it to stop it; the directory
 * is left for the next {@link #restart} or for the OS to clean.
 */
public final class TestHost implements AutoCloseable {
    private final HostConfig config;
    private final RealtimeOptions realtime;
    private SwitchboardHost host;
    private final ApiClient client;

    private TestHost(HostConfig config, RealtimeOptions realtime) throws Exception {
        this.config = config;
        this.realtime = realtime;
        this.host = realtime == null ? SwitchboardHost.start(config) : SwitchboardHost.start(config, realtime);
        this.client = new ApiClient("http://127.0.0.1:" + host.port());
    }

    /**
     * Starts a host with defaults suited to tests: port 0, rate limit off, an empty plugins directory, and no
     * practical per-client connection limit (every test client is 127.0.0.1, and each {@link ApiClient} keeps its
     * connections open).
     */
    public static TestHost start() throws Exception {
        return start(builder -> builder);
    }

    /** Starts a host after {@code customize} adjusted the test defaults. */
    public static TestHost start(UnaryOperator<HostConfig.Builder> customize) throws Exception {
        return start(customize, null);
    }

    /** Starts a host whose websocket asks {@code realtime}'s room access and presence (null: the host's own). */
    public static TestHost start(UnaryOperator<HostConfig.Builder> customize, RealtimeOptions realtime)
            throws Exception {
        HostConfig.Builder builder = HostConfig.embedded(Files.createTempDirectory("switchboard-test"));
        return new TestHost(customize.apply(builder).build(), realtime);
    }

    /** Stops this host and starts a new one on the same data (and a new port). */
    public TestHost restart() throws Exception {
        close();
        return new TestHost(config.toBuilder().port(0).build(), realtime);
    }

    public ApiClient client() {
        return client;
    }

    public SwitchboardHost host() {
        return host;
    }

    public HostConfig config() {
        return config;
    }

    public int port() {
        return host.port();
    }

    @Override
    public void close() {
        if (host != null) {
            host.close();
            host = null;
        }
    }
}
