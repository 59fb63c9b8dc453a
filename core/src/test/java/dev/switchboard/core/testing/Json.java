package dev.switchboard.core.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** Builds request bodies from Java values, so tests never hand-escape JSON; converts REST shapes to DDP's. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() { }

    public static String of(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A REST message with its dates as DDP carries them (Meteor's EJSON): {@code {"$date": epoch millis}}. */
    public static JsonNode ejsonDates(JsonNode restMessage) {
        ObjectNode message = restMessage.deepCopy();
        for (String field : List.of("ts", "editedAt", "_updatedAt")) {
            if (message.has(field)) {
                message.putObject(field).put("$date", Instant.parse(restMessage.get(field).asText()).toEpochMilli());
            }
        }
        return message;
    }
}
