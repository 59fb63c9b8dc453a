package dev.switchboard.core.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.JsonWriter;

/** The server's DDP messages, as Meteor writes them (field order included). */
final class DdpFrames {
    /** Meteor greets every socket with this before anything else. */
    static final String SERVER_ID = "{\"server_id\":\"0\"}";
    static final String PING = "{\"msg\":\"ping\"}";

    /** The frame of the event a thread rendered last: one event reaches many subscribers in a row. */
    private static final ThreadLocal<Rendered> LAST = new ThreadLocal<>();

    private record Rendered(StreamEvent event, String frame) { }

    private DdpFrames() { }

    static String connected(String session) {
        return JsonWriter.string(json -> {
            json.writeStartObject();
            json.writeStringField("msg", "connected");
            json.writeStringField("session", session);
            json.writeEndObject();
        });
    }

    static String failed(String version) {
        return JsonWriter.string(json -> {
            json.writeStartObject();
            json.writeStringField("msg", "failed");
            json.writeStringField("version", version);
            json.writeEndObject();
        });
    }

    /** {@code {"msg":"pong"}}, with the ping's id when it had one. */
    static String pong(JsonNode id) {
        return JsonWriter.string(json -> {
            json.writeStartObject();
            json.writeStringField("msg", "pong");
            if (id != null && !id.isNull()) {
                json.writeFieldName("id");
                json.writeRawValue(id.toString());
            }
            json.writeEndObject();
        });
    }

    /** A protocol error: {@code {"msg":"error","reason":…,"offendingMessage":…}}. */
    static String error(String reason, JsonNode offendingMessage) {
        return JsonWriter.string(json -> {
            json.writeStartObject();
            json.writeStringField("msg", "error");
            json.writeStringField("reason", reason);
            if (offendingMessage != null) {
                json.writeFieldName("offendingMessage");
                json.writeRawValue(offendingMessage.toString());
            }
            json.writeEndObject();
        });
    }

    /** A method's answer: its result (none when {@code result} is null) or its error. */
    static String result(String id, JsonWriter.Fields result, DdpError error) {
        return JsonWriter.string(json -> {
            json.writeStartObject();
            json.writeStringField("msg", "result");
            json.writeStringField("id", id);
            if (error != null) {
                json.writeFieldName("error");
                error.write(json);
            } else if (result != null) {
                json.writeFieldName("result");
                result.write(json);
            }
            json.writeEndObject();
        });
    }

    static String updated(String id) {
        return JsonWriter.string(json -> {
            json.writeStartObject();
            json.writeStringField("msg", "updated");
            json.writeArrayFieldStart("methods");
            json.writeString(id);
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    static String ready(String id) {
        return JsonWriter.string(json -> {
            json.writeStartObject();
            json.writeStringField("msg", "ready");
            json.writeArrayFieldStart("subs");
            json.writeString(id);
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** A subscription's end: asked for ({@code error} null) or refused. */
    static String nosub(String id, DdpError error) {
        return JsonWriter.string(json -> {
            json.writeStartObject();
            json.writeStringField("msg", "nosub");
            json.writeStringField("id", id);
            if (error != null) {
                json.writeFieldName("error");
                error.write(json);
            }
            json.writeEndObject();
        });
    }

    /** Rocket.Chat's answer to a {@code useCollection: true} subscription: the stream's one document. */
    static String added(String stream, String eventName) {
        return JsonWriter.string(json -> {
            json.writeStartObject();
            json.writeStringField("msg", "added");
            json.writeStringField("collection", stream);
            json.writeStringField("id", "id");
            json.writeObjectFieldStart("fields");
            json.writeStringField("eventName", eventName);
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    /** {@code {"msg":"changed","collection":stream,"id":"id","fields":{"eventName":…,"args":[…]}}}. */
    static String changed(StreamEvent event) {
        Rendered last = LAST.get();
        if (last != null && last.event() == event) {
            return last.frame();
        }
        String frame = JsonWriter.string(json -> {
            json.writeStartObject();
            json.writeStringField("msg", "changed");
            json.writeStringField("collection", event.stream());
            json.writeStringField("id", "id");
            json.writeObjectFieldStart("fields");
            json.writeStringField("eventName", event.eventName());
            json.writeFieldName("args");
            json.writeRawValue(event.argsJson());
            json.writeEndObject();
            json.writeEndObject();
        });
        LAST.set(new Rendered(event, frame));
        return frame;
    }
}
