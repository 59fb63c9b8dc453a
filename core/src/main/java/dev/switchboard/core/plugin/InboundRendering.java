package dev.switchboard.core.plugin;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.http.JsonWriter;
import dev.switchboard.core.store.JdbcChannelStore.Inbound;
import dev.switchboard.spi.ChannelError;
import dev.switchboard.spi.InboundMessage;
import dev.switchboard.spi.MessageContent;
import dev.switchboard.spi.Referral;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An app's inbound message as a room message: a readable {@code msg} for agents (the text, the caption, the place,
 * the chosen option, …) and the whole content in the message's {@code channel} member (docs/api.md), plus
 * Rocket.Chat's own {@code location} for a place, so that clients that know Rocket.Chat's messages show it.
 */
public final class InboundRendering {
    private InboundRendering() { }

    static Inbound render(String appId, InboundMessage message) {
        MessageContent content = message.content();
        String extra = "\"channel\":" + JsonWriter.string(json -> channel(json, appId, message));
        if (content instanceof MessageContent.Location place) {
            extra += ",\"location\":{\"type\":\"Point\",\"coordinates\":[" + place.longitude() + ","
                    + place.latitude() + "]}";
        }
        return new Inbound(message.channelMessageId(), text(content), extra);
    }

    /** What agents read in {@code msg} (public for the plugin test kit, whose fake conversations show the same). */
    public static String text(MessageContent content) {
        if (content instanceof MessageContent.Text text) {
            return text.body();
        }
        if (content instanceof MessageContent.Media media) {
            return firstOf(media.caption(), media.fileName(), "[" + kind(media) + "]");
        }
        if (content instanceof MessageContent.Location place) {
            return firstOf(join(place.name(), place.address()), null, place.latitude() + ", " + place.longitude());
        }
        if (content instanceof MessageContent.Contacts contacts) {
            return contacts.contacts().stream().map(MessageContent.Contact::name).collect(Collectors.joining(", "));
        }
        if (content instanceof MessageContent.Reply reply) {
            return reply.title();
        }
        if (content instanceof MessageContent.Reaction reaction) {
            return reaction.emoji() == null ? "" : reaction.emoji();
        }
        MessageContent.Other other = (MessageContent.Other) content;
        return firstOf(other.text(), null, "[" + other.kind() + "]");
    }

    private static void channel(JsonGenerator json, String appId, InboundMessage message) throws IOException {
        json.writeStartObject();
        json.writeStringField("app", appId);
        json.writeStringField("direction", "in");
        json.writeStringField("id", message.channelMessageId());
        if (message.sentAt() != null) {
            json.writeNumberField("sentAt", message.sentAt().toEpochMilli());
        }
        json.writeFieldName("content");
        content(json, message.content());
        optional(json, "replyTo", message.replyTo());
        if (message.referral() != null) {
            referral(json, message.referral());
        }
        if (!message.errors().isEmpty()) {
            json.writeArrayFieldStart("errors");
            for (ChannelError error : message.errors()) {
                json.writeStartObject();
                json.writeStringField("code", error.code());
                json.writeStringField("title", error.title());
                optional(json, "detail", error.detail());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void content(JsonGenerator json, MessageContent content) throws IOException {
        json.writeStartObject();
        if (content instanceof MessageContent.Text text) {
            json.writeStringField("type", "text");
            json.writeStringField("body", text.body());
        } else if (content instanceof MessageContent.Media media) {
            json.writeStringField("type", kind(media));
            json.writeStringField("mediaId", media.mediaId());
            optional(json, "mimeType", media.mimeType());
            optional(json, "caption", media.caption());
            optional(json, "fileName", media.fileName());
            if (media.size() != null) {
                json.writeNumberField("size", media.size());
            }
            optional(json, "sha256", media.sha256());
        } else if (content instanceof MessageContent.Location place) {
            json.writeStringField("type", "location");
            json.writeNumberField("latitude", place.latitude());
            json.writeNumberField("longitude", place.longitude());
            optional(json, "name", place.name());
            optional(json, "address", place.address());
            optional(json, "url", place.url());
        } else if (content instanceof MessageContent.Contacts contacts) {
            json.writeStringField("type", "contacts");
            json.writeArrayFieldStart("contacts");
            for (MessageContent.Contact contact : contacts.contacts()) {
                contact(json, contact);
            }
            json.writeEndArray();
        } else if (content instanceof MessageContent.Reply reply) {
            json.writeStringField("type", "reply");
            json.writeStringField("kind", reply.kind());
            optional(json, "id", reply.id());
            json.writeStringField("title", reply.title());
            optional(json, "description", reply.description());
        } else if (content instanceof MessageContent.Reaction reaction) {
            json.writeStringField("type", "reaction");
            json.writeStringField("messageId", reaction.targetChannelMessageId());
            optional(json, "emoji", reaction.emoji());
        } else {
            MessageContent.Other other = (MessageContent.Other) content;
            json.writeStringField("type", "other");
            json.writeStringField("kind", other.kind());
            optional(json, "text", other.text());
            details(json, other.details());
        }
        json.writeEndObject();
    }

    private static void contact(JsonGenerator json, MessageContent.Contact contact) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", contact.name());
        json.writeFieldName("phones");
        JsonWriter.value(json, contact.phones());
        json.writeFieldName("emails");
        JsonWriter.value(json, contact.emails());
        details(json, contact.details());
        json.writeEndObject();
    }

    private static String kind(MessageContent.Media media) {
        return media.kind().name().toLowerCase(Locale.ROOT);
    }

    private static void referral(JsonGenerator json, Referral referral) throws IOException {
        json.writeObjectFieldStart("referral");
        optional(json, "sourceType", referral.sourceType());
        optional(json, "sourceId", referral.sourceId());
        optional(json, "sourceUrl", referral.sourceUrl());
        optional(json, "headline", referral.headline());
        optional(json, "body", referral.body());
        details(json, referral.details());
        json.writeEndObject();
    }

    private static void details(JsonGenerator json, Map<String, Object> details) throws IOException {
        if (!details.isEmpty()) {
            json.writeFieldName("details");
            JsonWriter.value(json, details);
        }
    }

    private static void optional(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    private static String join(String first, String second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first + ", " + second;
    }

    private static String firstOf(String first, String second, String otherwise) {
        return first != null ? first : second != null ? second : otherwise;
    }
}
