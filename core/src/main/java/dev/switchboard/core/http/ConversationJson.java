package dev.switchboard.core.http;

import static dev.switchboard.core.http.VisitorJson.time;
import static dev.switchboard.core.http.VisitorJson.writeIfPresent;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Room;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Rooms, messages and agents as Rocket.Chat 8.4 renders {@code ILivechatRoom}, {@code IMessage} and
 * {@code ILivechatAgent}, for responses and for realtime events alike (one rendering, so both say the same, but
 * for how a date is written: see {@link Dates}).
 */
public final class ConversationJson {
    private ConversationJson() { }

    /**
     * How a date goes on the wire. REST answers carry ISO strings; DDP carries Meteor's EJSON {@code {"$date":ms}},
     * which {@code @rocket.chat/sdk} reads back with {@code new Date(ts.$date)}: an ISO string there becomes an
     * Invalid Date, and the widget drops the message when it calls {@code toISOString()} on it.
     */
    enum Dates {
        ISO, EJSON;

        void write(JsonGenerator json, String field, Instant instant) throws IOException {
            if (this == ISO) {
                json.writeStringField(field, time(instant));
            } else {
                json.writeObjectFieldStart(field);
                json.writeNumberField("$date", instant.toEpochMilli());
                json.writeEndObject();
            }
        }
    }

    public static void writeRoom(JsonGenerator json, Room room) throws IOException {
        json.writeStartObject();
        json.writeStringField("_id", room.id());
        json.writeNumberField("msgs", room.msgs());
        json.writeNumberField("usersCount", room.usersCount());
        if (room.lastMessageAt() != null) {
            json.writeStringField("lm", time(room.lastMessageAt()));
        }
        if (room.fname() != null) {
            json.writeStringField("fname", room.fname());
        }
        json.writeStringField("t", "l");
        json.writeStringField("ts", time(room.ts()));
        writeVisitor(json, room);
        json.writeBooleanField("cl", false);
        if (room.open()) {
            json.writeBooleanField("open", true); // Rocket.Chat unsets it on close
        }
        writeIfPresent(json, "departmentId", room.departmentId());
        writeSource(json, room);
        writeServedBy(json, "servedBy", room.servedBy());
        if (room.closing() != null) {
            writeClosing(json, room.closing());
        }
        json.writeStringField("_updatedAt", time(room.updatedAt()));
        json.writeEndObject();
    }

    /** {@code field: {_id, username, ts}}, an agent serving a room; nothing when {@code servedBy} is null. */
    static void writeServedBy(JsonGenerator json, String field, Room.ServedBy servedBy) throws IOException {
        if (servedBy == null) {
            return;
        }
        json.writeObjectFieldStart(field);
        json.writeStringField("_id", servedBy.id());
        writeIfPresent(json, "username", servedBy.username());
        json.writeStringField("ts", time(servedBy.ts()));
        json.writeEndObject();
    }

    /** The room's copy of its visitor, {@code v} (rooms and inquiries carry it). */
    static void writeVisitor(JsonGenerator json, Room room) throws IOException {
        json.writeObjectFieldStart("v");
        json.writeStringField("_id", room.visitor().id());
        writeIfPresent(json, "username", room.visitor().username());
        json.writeStringField("token", room.visitor().token());
        writeIfPresent(json, "status", room.visitor().status());
        json.writeEndObject();
    }

    /** Where the room came from, {@code source} (rooms and inquiries carry it). */
    static void writeSource(JsonGenerator json, Room room) throws IOException {
        json.writeObjectFieldStart("source");
        json.writeStringField("type", room.source().type());
        writeIfPresent(json, "id", room.source().id());
        writeIfPresent(json, "alias", room.source().alias());
        json.writeEndObject();
    }

    private static void writeClosing(JsonGenerator json, Room.Closing closing) throws IOException {
        json.writeStringField("closedAt", time(closing.closedAt()));
        json.writeStringField("closer", closing.closer());
        json.writeObjectFieldStart("closedBy");
        json.writeStringField("_id", closing.closedById());
        writeIfPresent(json, "username", closing.closedByUsername());
        json.writeEndObject();
        if (!closing.tags().isEmpty()) {
            json.writeArrayFieldStart("tags");
            for (String tag : closing.tags()) {
                json.writeString(tag);
            }
            json.writeEndArray();
        }
        json.writeObjectFieldStart("metrics");
        json.writeNumberField("chatDuration", closing.chatDuration());
        if (closing.serviceTimeDuration() != null) {
            json.writeNumberField("serviceTimeDuration", closing.serviceTimeDuration());
        }
        json.writeEndObject();
    }

    public static void writeMessage(JsonGenerator json, Message message) throws IOException {
        writeMessage(json, message, Dates.ISO);
    }

    private static void writeMessage(JsonGenerator json, Message message, Dates dates) throws IOException {
        json.writeStartObject();
        json.writeStringField("_id", message.id());
        json.writeStringField("rid", message.rid());
        writeIfPresent(json, "t", message.type());
        json.writeStringField("msg", message.msg());
        writeIfPresent(json, "token", message.token());
        dates.write(json, "ts", message.ts());
        json.writeObjectFieldStart("u");
        json.writeStringField("_id", message.u().id());
        writeIfPresent(json, "username", message.u().username());
        writeIfPresent(json, "name", message.u().name());
        json.writeEndObject();
        if (message.extraJson() != null) {
            json.writeRaw(',' + message.extraJson()); // members stored already rendered, after "u"
        }
        if (message.editedAt() != null) {
            dates.write(json, "editedAt", message.editedAt());
            json.writeObjectFieldStart("editedBy");
            json.writeStringField("_id", message.editedBy().id());
            writeIfPresent(json, "username", message.editedBy().username());
            json.writeEndObject();
        }
        dates.write(json, "_updatedAt", message.updatedAt());
        json.writeEndObject();
    }

    /** A deleted message as a sync reports it: {@code {_id, _deletedAt}}. */
    public static void writeDeleted(JsonGenerator json, Message message) throws IOException {
        json.writeStartObject();
        json.writeStringField("_id", message.id());
        json.writeStringField("_deletedAt", time(message.deletedAt()));
        json.writeEndObject();
    }

    /** An agent as the widget sees it ({@code Livechat_show_agent_info} on, email hidden: Rocket.Chat's defaults). */
    public static void writeAgent(JsonGenerator json, Message.Sender agent) throws IOException {
        json.writeStartObject();
        json.writeStringField("_id", agent.id());
        writeIfPresent(json, "username", agent.username());
        writeIfPresent(json, "name", agent.name());
        json.writeEndObject();
    }

    /** The agent fields of a user. */
    public static Message.Sender agent(User user) {
        return new Message.Sender(user.id(), user.username(), user.name());
    }

    /** {@code [message]}, dates in EJSON: the args of a {@code stream-room-messages} event. */
    public static String messageArgs(Message message) {
        return array(json -> writeMessage(json, message, Dates.EJSON));
    }

    /**
     * {@code [{"type":"agentData","data":agent}]}: the args of a {@code stream-livechat-room} event; without an agent
     * (the room went back to the queue) {@code data} is left out, as Rocket.Chat's undefined is.
     */
    public static String agentDataArgs(Message.Sender agent) {
        return array(json -> {
            json.writeStartObject();
            json.writeStringField("type", "agentData");
            if (agent != null) {
                json.writeFieldName("data");
                writeAgent(json, agent);
            }
            json.writeEndObject();
        });
    }

    /** {@code [{"_id":id}]}: the args of a {@code <rid>/deleteMessage} event. */
    public static String deletedArgs(String messageId) {
        return array(json -> {
            json.writeStartObject();
            json.writeStringField("_id", messageId);
            json.writeEndObject();
        });
    }

    /** {@code ["id", ...]}: the args of an internal {@code switchboard-room-left} event. */
    public static String idsArgs(List<String> ids) {
        return array(json -> {
            for (String id : ids) {
                json.writeString(id);
            }
        });
    }

    /** One JSON array whose items {@code items} writes. */
    static String array(JsonWriter.Fields items) {
        return JsonWriter.string(json -> {
            json.writeStartArray();
            items.write(json);
            json.writeEndArray();
        });
    }
}
