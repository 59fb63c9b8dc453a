package dev.switchboard.core.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.Visitor;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** A visitor as Rocket.Chat 8.4 renders {@code ILivechatVisitor}. */
public final class VisitorJson {
    /** ISO-8601 UTC with milliseconds always present, as JavaScript's {@code Date.toISOString()}. */
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private VisitorJson() { }

    public static String time(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    /** Writes {@code "<field>":{visitor}}; the token is left out when {@code withToken} is false. */
    public static void write(JsonGenerator generator, String field, Visitor visitor, boolean withToken)
            throws IOException {
        generator.writeFieldName(field);
        writeObject(generator, visitor, withToken);
    }

    /** Writes the visitor object itself (e.g. as an array item); the token is left out unless asked for. */
    public static void writeObject(JsonGenerator generator, Visitor visitor, boolean withToken) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("_id", visitor.id());
        writeIfPresent(generator, "username", visitor.username());
        writeIfPresent(generator, "status", visitor.status());
        generator.writeStringField("ts", time(visitor.ts()));
        generator.writeStringField("_updatedAt", time(visitor.updatedAt()));
        writeIfPresent(generator, "name", visitor.name());
        if (visitor.phone() != null) {
            generator.writeArrayFieldStart("phone");
            generator.writeStartObject();
            generator.writeStringField("phoneNumber", visitor.phone());
            generator.writeEndObject();
            generator.writeEndArray();
        }
        if (withToken) {
            writeIfPresent(generator, "token", visitor.token());
        }
        if (visitor.email() != null) {
            generator.writeArrayFieldStart("visitorEmails");
            generator.writeStartObject();
            generator.writeStringField("address", visitor.email());
            generator.writeEndObject();
            generator.writeEndArray();
        }
        writeIfPresent(generator, "department", visitor.department());
        if (!visitor.livechatData().isEmpty()) {
            generator.writeObjectFieldStart("livechatData");
            for (Map.Entry<String, String> entry : visitor.livechatData().entrySet()) {
                generator.writeStringField(entry.getKey(), entry.getValue());
            }
            generator.writeEndObject();
        }
        writeExternalIds(generator, visitor);
        generator.writeEndObject();
    }

    private static void writeExternalIds(JsonGenerator generator, Visitor visitor) throws IOException {
        generator.writeArrayFieldStart("externalIds");
        for (ExternalId id : visitor.externalIds()) {
            generator.writeStartObject();
            generator.writeStringField("appId", id.appId());
            generator.writeStringField("entityId", id.entityId());
            generator.writeFieldName("metadata");
            JsonWriter.value(generator, id.metadata());
            generator.writeEndObject();
        }
        generator.writeEndArray();
    }

    private static void writeIfPresent(JsonGenerator generator, String field, String value) throws IOException {
        if (value != null) {
            generator.writeStringField(field, value);
        }
    }
}
