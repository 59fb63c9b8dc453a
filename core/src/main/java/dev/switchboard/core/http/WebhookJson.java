package dev.switchboard.core.http;

import static dev.switchboard.core.http.VisitorJson.time;
import static dev.switchboard.core.http.VisitorJson.writeIfPresent;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.conversation.Message;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.visitor.Visitor;
import dev.switchboard.core.webhook.DeskEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The bodies of omnichannel webhooks, as Rocket.Chat's {@code sendToCRM} ({@code getLivechatRoomGuestInfo} plus
 * the type's extra fields) and offline-message hook write them, with what Switchboard adds: the room's
 * {@code source} and the visitor's {@code externalIds}. Rendered once, when the event is recorded.
 */
public final class WebhookJson {
    private WebhookJson() { }

    /** The agent serving a room, as the body's {@code agent} shows it. */
    public record Agent(String id, String username, String name, String email) { }

    /**
     * A room event's body: the room, {@code visitor}, {@code agent} (may be null) and {@code messages} (the
     * message of a {@code Message} event, else the room's messages) as they are now.
     */
    public static String room(DeskEvent.RoomEvent event, Room room, Visitor visitor, Agent agent,
                              List<Message> messages) {
        return new String(JsonWriter.object(json -> {
            json.writeStringField("_id", room.id());
            writeIfPresent(json, "label", room.fname());
            json.writeStringField("createdAt", time(room.ts()));
            if (room.lastMessageAt() != null) {
                json.writeStringField("lastMessageAt", time(room.lastMessageAt()));
            }
            writeVisitor(json, visitor);
            if (agent != null) {
                json.writeObjectFieldStart("agent");
                json.writeStringField("_id", agent.id());
                writeIfPresent(json, "username", agent.username());
                writeIfPresent(json, "name", agent.name());
                writeIfPresent(json, "email", agent.email());
                json.writeEndObject();
            }
            json.writeStringField("type", event.type().wireName());
            json.writeArrayFieldStart("messages");
            for (Message message : messages) {
                writeMessage(json, message, visitor.username());
            }
            json.writeEndArray();
            writeTypeFields(json, event, room);
            ConversationJson.writeSource(json, room);
        }), StandardCharsets.UTF_8);
    }

    /** Rocket.Chat's {@code LivechatOfflineMessage}: {@code {type, sentAt, visitor:{name, email}, message}}. */
    public static String offlineMessage(DeskEvent.OfflineMessage event) {
        return new String(JsonWriter.object(json -> {
            json.writeStringField("type", event.type().wireName());
            json.writeStringField("sentAt", time(event.sentAt()));
            json.writeObjectFieldStart("visitor");
            json.writeStringField("name", event.name());
            json.writeStringField("email", event.email());
            json.writeEndObject();
            json.writeStringField("message", event.message());
        }), StandardCharsets.UTF_8);
    }

    /** Rocket.Chat's sample body of {@code livechat/webhook.test}, with the time it is sent. */
    public static byte[] sample(java.time.Instant now) {
        String at = time(now);
        return JsonWriter.object(json -> {
            json.writeStringField("type", "LivechatSession");
            json.writeStringField("_id", "fasd6f5a4sd6f8a4sdf");
            json.writeStringField("label", "title");
            json.writeStringField("topic", "asiodojf");
            json.writeStringField("createdAt", at);
            json.writeStringField("lastMessageAt", at);
            json.writeArrayFieldStart("tags");
            for (String tag : List.of("tag1", "tag2", "tag3")) {
                json.writeString(tag);
            }
            json.writeEndArray();
            json.writeFieldName("customFields");
            JsonWriter.value(json, Map.of("productId", "123456"));
            json.writeObjectFieldStart("visitor");
            json.writeStringField("_id", "");
            json.writeStringField("name", "visitor name");
            json.writeStringField("username", "visitor-username");
            json.writeStringField("department", "department");
            json.writeStringField("email", "email@address.com");
            json.writeStringField("phone", "192873192873");
            json.writeStringField("ip", "123.456.7.89");
            json.writeStringField("browser", "Chrome");
            json.writeStringField("os", "Linux");
            json.writeFieldName("customFields");
            JsonWriter.value(json, Map.of("customerId", "123456"));
            json.writeEndObject();
            json.writeObjectFieldStart("agent");
            json.writeStringField("_id", "asdf89as6df8");
            json.writeStringField("username", "agent.username");
            json.writeStringField("name", "Agent Name");
            json.writeStringField("email", "agent@email.com");
            json.writeEndObject();
            json.writeArrayFieldStart("messages");
            json.writeStartObject();
            json.writeStringField("username", "visitor-username");
            json.writeStringField("msg", "message content");
            json.writeStringField("ts", at);
            json.writeEndObject();
            json.writeStartObject();
            json.writeStringField("username", "agent.username");
            json.writeStringField("agentId", "asdf89as6df8");
            json.writeStringField("msg", "message content from agent");
            json.writeStringField("ts", at);
            json.writeEndObject();
            json.writeEndArray();
        });
    }

    /** {@code getLivechatRoomGuestInfo}'s visitor, with Switchboard's {@code externalIds}. */
    private static void writeVisitor(JsonGenerator json, Visitor visitor) throws IOException {
        json.writeObjectFieldStart("visitor");
        json.writeStringField("_id", visitor.id());
        json.writeStringField("token", visitor.token());
        writeIfPresent(json, "name", visitor.name());
        writeIfPresent(json, "username", visitor.username());
        writeIfPresent(json, "department", visitor.department());
        if (!visitor.livechatData().isEmpty()) {
            json.writeFieldName("customFields");
            JsonWriter.value(json, visitor.livechatData());
        }
        VisitorJson.oneItemArray(json, "email", "address", visitor.email());
        VisitorJson.oneItemArray(json, "phone", "phoneNumber", visitor.phone());
        VisitorJson.writeExternalIds(json, visitor);
        json.writeEndObject();
    }

    /**
     * One entry of {@code messages}: {@code u} first (Rocket.Chat spreads the message after it), {@code agentId}
     * on what someone other than the visitor wrote, {@code closingMessage} on the close message.
     */
    private static void writeMessage(JsonGenerator json, Message message, String visitorUsername)
            throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart("u");
        json.writeStringField("_id", message.u().id());
        writeIfPresent(json, "username", message.u().username());
        writeIfPresent(json, "name", message.u().name());
        json.writeEndObject();
        json.writeStringField("_id", message.id());
        writeIfPresent(json, "username", message.u().username());
        json.writeStringField("msg", message.msg());
        json.writeStringField("ts", time(message.ts()));
        json.writeStringField("rid", message.rid());
        if (message.editedAt() != null) {
            json.writeStringField("editedAt", time(message.editedAt()));
        }
        if (message.u().username() == null || !message.u().username().equals(visitorUsername)) {
            json.writeStringField("agentId", message.u().id());
        }
        if ("livechat-close".equals(message.type())) {
            json.writeBooleanField("closingMessage", true);
        }
        json.writeStringField("_updatedAt", time(message.updatedAt()));
        json.writeEndObject();
    }

    /** Rocket.Chat's {@code getAdditionalFieldsByType}. */
    private static void writeTypeFields(JsonGenerator json, DeskEvent.RoomEvent event, Room room)
            throws IOException {
        switch (event.type()) {
            case STARTED, QUEUED -> writeIfPresent(json, "departmentId", room.departmentId());
            case TAKEN -> {
                writeIfPresent(json, "departmentId", room.departmentId());
                ConversationJson.writeServedBy(json, "servedBy", room.servedBy());
            }
            case FORWARDED -> {
                writeIfPresent(json, "departmentId", room.departmentId());
                ConversationJson.writeServedBy(json, "servedBy", room.servedBy());
                writeIfPresent(json, "oldDepartmentId", event.forward().oldDepartmentId());
                ConversationJson.writeServedBy(json, "oldServedBy", event.forward().oldServedBy());
            }
            case CLOSED -> {
                writeIfPresent(json, "departmentId", room.departmentId());
                ConversationJson.writeServedBy(json, "servedBy", room.servedBy());
                if (room.closing() != null) {
                    json.writeStringField("closedAt", time(room.closing().closedAt()));
                    json.writeObjectFieldStart("closedBy");
                    json.writeStringField("_id", room.closing().closedById());
                    writeIfPresent(json, "username", room.closing().closedByUsername());
                    json.writeEndObject();
                    json.writeStringField("closer", room.closing().closer());
                }
            }
            default -> { }
        }
    }
}
