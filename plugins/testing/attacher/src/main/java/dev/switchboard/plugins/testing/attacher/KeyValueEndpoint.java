package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import dev.switchboard.spi.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The app's {@link KeyValueStore} as JSON endpoints under {@code kv/}: {@code POST put {key, value}},
 * {@code POST put-if-absent {key, value}} → {@code {stored}}, {@code POST delete {key}} → {@code {deleted}},
 * {@code GET get?key=} → {@code {value}} or 404, {@code GET keys?prefix=&limit=} → {@code {keys}},
 * {@code POST put-async {prefix, count, value}}: {@code putAsync} of {@code prefix + i} for each {@code i < count},
 * answered without waiting (the host holds the answer until they are durable); with expiry (SPI 1.4):
 * {@code POST put-ttl {key, value, ttlMillis}}, {@code POST put-if-absent-ttl {key, value, ttlMillis}} →
 * {@code {stored}}, {@code POST delete-prefix {prefix}} → {@code {deleted: count}}.
 * Values are UTF-8 strings here; the store itself holds bytes.
 */
@Extension
public class KeyValueEndpoint implements AppEndpoint {

    @Override
    public String path() {
        return "kv";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        KeyValueStore store = context.store();
        switch (Rpc.subPath(request, path())) {
            case "get":
                return store.get(request.queryParam("key").orElseThrow())
                        .map(value -> Rpc.json(context, 200,
                                Map.of("value", new String(value, StandardCharsets.UTF_8))))
                        .orElseGet(() -> Rpc.json(context, 404, Map.of("found", false)));
            case "keys":
                int limit = Integer.parseInt(request.queryParam("limit").orElse("100"));
                return Rpc.json(context, 200,
                        Map.of("keys", store.keys(request.queryParam("prefix").orElse(""), limit)));
            case "put": {
                Map<String, Object> body = Rpc.body(request, context);
                store.put(Rpc.string(body, "key"), bytes(body));
                return Rpc.json(context, 200, Map.of("stored", true));
            }
            case "put-async": {
                Map<String, Object> body = Rpc.body(request, context);
                int count = Integer.parseInt(Rpc.string(body, "count"));
                for (int i = 0; i < count; i++) {
                    store.putAsync(Rpc.string(body, "prefix") + i, bytes(body));
                }
                return Rpc.json(context, 200, Map.of("started", count));
            }
            case "put-if-absent": {
                Map<String, Object> body = Rpc.body(request, context);
                return Rpc.json(context, 200,
                        Map.of("stored", store.putIfAbsent(Rpc.string(body, "key"), bytes(body))));
            }
            case "put-ttl": {
                Map<String, Object> body = Rpc.body(request, context);
                store.put(Rpc.string(body, "key"), bytes(body), ttl(body));
                return Rpc.json(context, 200, Map.of("stored", true));
            }
            case "put-if-absent-ttl": {
                Map<String, Object> body = Rpc.body(request, context);
                return Rpc.json(context, 200,
                        Map.of("stored", store.putIfAbsent(Rpc.string(body, "key"), bytes(body), ttl(body))));
            }
            case "delete-prefix": {
                Map<String, Object> body = Rpc.body(request, context);
                return Rpc.json(context, 200, Map.of("deleted", store.deletePrefix(Rpc.string(body, "prefix"))));
            }
            case "delete": {
                Map<String, Object> body = Rpc.body(request, context);
                return Rpc.json(context, 200, Map.of("deleted", store.delete(Rpc.string(body, "key"))));
            }
            default:
                return AppResponse.status(404);
        }
    }

    private static Duration ttl(Map<String, Object> body) {
        return Duration.ofMillis(Long.parseLong(Rpc.string(body, "ttlMillis")));
    }

    private static byte[] bytes(Map<String, Object> body) {
        return Rpc.string(body, "value").getBytes(StandardCharsets.UTF_8);
    }
}
