package dev.switchboard.core.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.Page;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
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
        error(ctx.response(), error);
    }

    /** {@link #error(RoutingContext, ApiError)} for a request the router never saw (a transport error). */
    static void error(HttpServerResponse response, ApiError error) {
        send(response, error.status(), JsonWriter.object(generator -> writeError(generator, error)));
    }

    static void writeError(JsonGenerator generator, ApiError error) throws java.io.IOException {
        generator.writeBooleanField("success", false);
        generator.writeStringField("error", error.getMessage());
        if (error.errorType() != null) {
            generator.writeStringField("errorType", error.errorType());
        }
    }

    /** Writes one item of a paged answer. */
    @FunctionalInterface
    interface ItemWriter<T> {
        void write(JsonGenerator json, T item) throws java.io.IOException;
    }

    /** Rocket.Chat's paged answer: {@code {<field>: [items], count, offset, total, success}}. */
    static <T> void page(RoutingContext ctx, String field, Page<T> page, int offset, ItemWriter<T> writer) {
        ok(ctx, json -> {
            json.writeArrayFieldStart(field);
            for (T item : page.items()) {
                writer.write(json, item);
            }
            json.writeEndArray();
            json.writeNumberField("count", page.items().size());
            json.writeNumberField("offset", offset);
            json.writeNumberField("total", page.total());
            if (page.capped()) {
                json.writeBooleanField("totalCapped", true); // beyond Rocket.Chat: more than total match
            }
        });
    }

    /** Rocket.Chat's {@code API.v1.failure()} without a message: 400 {@code {"success":false}}. */
    static void failure(RoutingContext ctx) {
        send(ctx, 400, JsonWriter.object(json -> json.writeBooleanField("success", false)));
    }

    static void send(RoutingContext ctx, int status, byte[] body) {
        send(ctx.response(), status, body);
    }

    private static void send(HttpServerResponse response, int status, byte[] body) {
        if (response.ended() || response.closed()) {
            return;
        }
        // Wrapped, not copied (Buffer.buffer(byte[]) copies): a cache hit's bytes are shared, read-only, by every
        // response, and the copy was 15% of a GET's garbage. BufferInternal is Vert.x's API for integrators.
        response.setStatusCode(status).putHeader("content-type", JSON)
                .end(BufferInternal.buffer(Unpooled.wrappedBuffer(body)));
    }
}
