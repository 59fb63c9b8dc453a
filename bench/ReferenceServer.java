// The physical limit of our own stack: bare Vert.x + Jackson, no routing, no store, no cache.
// GET  -> a visitor-sized JSON document (same shape and size as GET /api/v1/livechat/visitor/:token).
// POST -> parses the JSON body with Jackson and echoes it back re-serialized.
// Run: java -cp core/target/switchboard.jar bench/ReferenceServer.java <port>
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

public class ReferenceServer extends VerticleBase {
    private final int port;

    ReferenceServer(int port) {
        this.port = port;
    }

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Buffer VISITOR = Buffer.buffer(("{\"visitor\":{\"_id\":\"x7Hd2kQpR9mTn4WaB\",\"username\":\"guest-4711\","
            + "\"status\":\"online\",\"ts\":\"2025-01-01T00:00:00.000Z\",\"_updatedAt\":\"2025-01-01T00:00:00.000Z\","
            + "\"name\":\"Seed Visitor 4711\",\"phone\":[{\"phoneNumber\":\"+15550004711\"}],\"token\":\"seed-4711\","
            + "\"externalIds\":[]},\"success\":true}").getBytes());

    @Override
    public Future<?> start() {
        return vertx.createHttpServer().requestHandler(req -> {
            if ("GET".equals(req.method().name())) {
                req.response().putHeader("content-type", "application/json").end(VISITOR.copy());
            } else {
                req.body().onSuccess(body -> {
                    try {
                        byte[] out = MAPPER.writeValueAsBytes(MAPPER.readTree(body.getBytes()));
                        req.response().putHeader("content-type", "application/json").end(Buffer.buffer(out));
                    } catch (Exception e) {
                        req.response().setStatusCode(400).end();
                    }
                });
            }
        }).listen(port, "127.0.0.1");
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors()); // same as SwitchboardHost
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new ReferenceServer(port), new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get();
        System.out.println("reference server listening on 127.0.0.1:" + port + " (" + instances + " event loops)");
    }
}
