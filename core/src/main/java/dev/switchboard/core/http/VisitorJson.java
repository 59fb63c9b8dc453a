package dev.switchboard.core.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.Visitor;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** A visitor as Rocket.Chat 8.4 renders {@code ILivechatVisitor}. */
public final class VisitorJson {
    /** ISO-8601 UTC with milliseconds always present, as JavaScript's {@code Date.toISOString()}. */
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private VisitorJson() { }

    /**
     * {@code instant} as {@code 2025-01-31T12:00:00.000Z}. Written digit by digit: every registration's answer
     * carries two of these, and the formatter's field resolution cost ~1.5 µs of event-loop time per answer
     * (docs/performance.md at commit 9417346, "Eleventh session"). Years outside 1–9999 take the formatter, for
     * the same text.
     */
    public static String time(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        if (utc.getYear() < 1 || utc.getYear() > 9999) {
            return ISO_MILLIS.format(instant);
        }
        char[] text = "0000-00-00T00:00:00.000Z".toCharArray();
        digits(text, 0, 4, utc.getYear());
        digits(text, 5, 2, utc.getMonthValue());
        digits(text, 8, 2, utc.getDayOfMonth());
        digits(text, 11, 2, utc.getHour());
        digits(text, 14, 2, utc.getMinute());
        digits(text, 17, 2, utc.getSecond());
        digits(text, 20, 3, instant.getNano() / 1_000_000);
        return new String(text);
    }

    /** Writes {@code value} as {@code width} decimal digits ending just before {@code start + width}. */
    private static void digits(char[] text, int start, int width, int value) {
        for (int i = start + width - 1; i >= start; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
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
        oneItemArray(generator, "phone", "phoneNumber", visitor.phone());
        if (withToken) {
            writeIfPresent(generator, "token", visitor.token());
        }
        oneItemArray(generator, "visitorEmails", "address", visitor.email());
        writeIfPresent(generator, "department", visitor.department());
        if (!visitor.livechatData().isEmpty()) {
            generator.writeObjectFieldStart("livechatData");
            for (Map.Entry<String, String> entry : visitor.livechatData().entrySet()) {
                generator.writeStringField(entry.getKey(), entry.getValue());
            }
            generator.writeEndObject();
        }
        if (visitor.lastChat() != null) {
            generator.writeObjectFieldStart("lastChat");
            generator.writeStringField("_id", visitor.lastChat().rid());
            generator.writeStringField("ts", time(visitor.lastChat().ts()));
            generator.writeEndObject();
        }
        writeExternalIds(generator, visitor);
        generator.writeEndObject();
    }

    static void writeExternalIds(JsonGenerator generator, Visitor visitor) throws IOException {
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

    /** {@code field: [{key: value}]}, Rocket.Chat's shape of a visitor's phone or e-mail; nothing when null. */
    static void oneItemArray(JsonGenerator generator, String field, String key, String value) throws IOException {
        if (value == null) {
            return;
        }
        generator.writeArrayFieldStart(field);
        generator.writeStartObject();
        generator.writeStringField(key, value);
        generator.writeEndObject();
        generator.writeEndArray();
    }

    static void writeIfPresent(JsonGenerator generator, String field, String value) throws IOException {
        if (value != null) {
            generator.writeStringField(field, value);
        }
    }
}
