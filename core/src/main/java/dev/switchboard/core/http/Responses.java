package dev.switchboard.core.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.error.ApiError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON bodies in Rocket.Chat's shapes: {@code {...,"success":true}} and the error envelope. */
public final class Responses {
    static final String JSON = "application/json";

    private Responses() { }

    /** 200 with a body built by {@code fields}, followed by {@code "success":true}. */
    public static void ok(RoutingContext ctx, JsonWriter.Fields fields) {
        send(ctx, 200, okBody(fields));
    }

    /** The body {@link #ok} sends, for callers that keep it. */
    static byte[] okBody(JsonWriter.Fields fields) {
        return JsonWriter.object(generator -> {
            fields.write(generator);
            generator.writeBooleanField("success", true);
        });
    }

    /** The error envelope: {@code {"success":false,"error":…,"errorType":…}}. */
    public static void error(RoutingContext ctx, ApiError error) {
        send(ctx, error.status(), JsonWriter.object(generator -> writeError(generator, error)));
    }

    static void writeError(JsonGenerator generator, ApiError error) throws java.io.IOException {
        generator.writeBooleanField("success", false);
        generator.writeStringField("error", error.getMessage());
        if (error.errorType() != null) {
            generator.writeStringField("errorType", error.errorType());
        }
    }

    static void send(RoutingContext ctx, int status, byte[] body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("content-type", JSON).end(Buffer.buffer(body));
    }
}
