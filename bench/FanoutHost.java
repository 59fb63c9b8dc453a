import dev.switchboard.core.SwitchboardHost;
import dev.switchboard.core.config.HostConfig;
import dev.switchboard.core.realtime.DdpLimits;
import dev.switchboard.core.realtime.RealtimeOptions;
import dev.switchboard.core.realtime.RoomAccess;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;

/**
 * A host for bench/FanoutBench.java on a build without the conversations domain: the real host, whose one room is
 * {@code bench-room}, belonging to the visitor of token {@code bench-token}. Stop it with Ctrl-C.
 *
 *   java -cp core/target/switchboard.jar bench/FanoutHost.java [PORT]
 */
public final class FanoutHost {
    public static void main(String[] args) throws Exception {
        RoomAccess oneRoom = new RoomAccess() {
            @Override
            public CompletableFuture<Boolean> visitorMayRead(String roomId, String visitorToken) {
                return CompletableFuture.completedFuture("bench-room".equals(roomId) && "bench-token".equals(visitorToken));
            }

            @Override
            public CompletableFuture<Boolean> userMayRead(String roomId, String userId) {
                return CompletableFuture.completedFuture(false);
            }
        };
        HostConfig config = HostConfig.builder()
                .port(args.length > 0 ? Integer.parseInt(args[0]) : 3000)
                .host("127.0.0.1")
                .dataDir(Files.createTempDirectory("fanout-host"))
                .pluginsDir(Files.createTempDirectory("fanout-plugins"))
                .build();
        SwitchboardHost host = SwitchboardHost.start(config, new RealtimeOptions(oneRoom,
                (token, status) -> CompletableFuture.completedFuture(null), DdpLimits.DEFAULT));
        Runtime.getRuntime().addShutdownHook(new Thread(host::close));
        Thread.currentThread().join();
    }
}
