package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code echo[/…]}: answers what it received as JSON ({@code method, path, query, headers, bodyLength,
 * bodyBase64}). {@code echo/raw?status=N} instead answers status N with the request body as-is, as
 * {@code application/octet-stream}, plus the header {@code x-echo: raw}.
 */
@Extension
public class EchoEndpoint implements AppEndpoint {

    @Override
    public String path() {
        return "echo";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        if (request.path().equals("echo/raw")) {
            int status = Integer.parseInt(request.queryParam("status").orElse("200"));
            return new AppResponse(status, Map.of("content-type", "application/octet-stream", "x-echo", "raw"),
                    request.body());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("method", request.method());
        answer.put("path", request.path());
        answer.put("query", request.query());
        answer.put("headers", request.headers());
        answer.put("bodyLength", request.bodyLength());
        answer.put("bodyBase64", Base64.getEncoder().encodeToString(request.body()));
        return Rpc.json(context, 200, answer);
    }
}
