package dev.switchboard.plugins.testing.channel;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import dev.switchboard.spi.HttpCall;
import dev.switchboard.spi.HttpCallException;
import dev.switchboard.spi.HttpResult;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.pf4j.Extension;

/**
 * The host's HTTP capability, driven by tests: {@code POST http {url, count, timeoutMs}} sends {@code count} GETs
 * at once and answers each outcome ({@code {status, body}} or {@code {error: <reason>}}) in order;
 * {@code POST http/blocking {url}} calls a blocking SPI method inside the call's stage and answers whether the
 * host refused it.
 */
@Extension
public class HttpEndpoint implements AppEndpoint {

    @Override
    public String path() {
        return "http";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        Map<String, Object> body = context.json().parseObject(request.body());
        HttpCall call = HttpCall.get(URI.create(ChannelEndpoint.string(body, "url")));
        if (body.get("timeoutMs") != null) {
            call = call.withTimeout(Duration.ofMillis(((Number) body.get("timeoutMs")).longValue()));
        }
        if (request.path().equals("http/blocking")) {
            CompletableFuture<String> refused = context.http().send(call).thenApply(result -> {
                try {
                    context.conversations().findRoom("any");
                    return "allowed";
                } catch (IllegalStateException e) {
                    return "refused";
                }
            }).toCompletableFuture();
            return ChannelEndpoint.json(context, 200, Map.of("blocking", refused.join()));
        }
        int count = body.get("count") == null ? 1 : ((Number) body.get("count")).intValue();
        List<CompletableFuture<HttpResult>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(context.http().send(call).toCompletableFuture());
        }
        List<Object> outcomes = new ArrayList<>();
        for (CompletableFuture<HttpResult> pending : calls) {
            outcomes.add(outcome(pending));
        }
        return ChannelEndpoint.json(context, 200, Map.of("outcomes", outcomes));
    }

    private static Map<String, Object> outcome(CompletableFuture<HttpResult> pending) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            HttpResult result = pending.join();
            out.put("status", result.status());
            out.put("body", result.bodyAsString());
        } catch (CompletionException e) {
            out.put("error", e.getCause() instanceof HttpCallException failure ? failure.reason().name()
                    : e.getCause().toString());
        }
        return out;
    }
}
