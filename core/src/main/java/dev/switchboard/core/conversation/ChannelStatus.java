package dev.switchboard.core.conversation;

import dev.switchboard.core.http.JsonWriter;
import java.time.Instant;
import java.util.List;

/**
 * Where an agent's message into a channel app's room stands: {@code pending} (waiting for the app),
 * {@code accepted} (the app handed it to its channel), then the channel's receipts {@code sent},
 * {@code delivered}, {@code read}, or {@code failed} with the channel's error. Agents read it as the message's
 * {@code channel} member (beyond Rocket.Chat; docs/api.md).
 *
 * @param channelMessageId the channel's id of the sent message, once the app gave one
 * @param at               when the status was reached (the channel's time for receipts, when it gave one)
 * @param error            the reason of a {@code failed} status, else null
 */
public record ChannelStatus(String appId, String status, Instant at, String channelMessageId, Error error) {
    public static final String PENDING = "pending";
    public static final String ACCEPTED = "accepted";
    public static final String SENT = "sent";
    public static final String DELIVERED = "delivered";
    public static final String READ = "read";
    public static final String FAILED = "failed";
    /** Statuses in the order a message moves through them; a receipt never moves a message back. */
    private static final List<String> ORDER = List.of(PENDING, ACCEPTED, SENT, DELIVERED, READ);

    /** An error as the channel (or the app, or the host giving up) names it. */
    public record Error(String code, String title, String detail) { }

    /**
     * Whether a receipt with {@code next} changes a message now at {@code current}: statuses only move forward,
     * and {@code failed} replaces anything but {@code read} (and another failure).
     */
    public static boolean advances(String current, String next) {
        if (FAILED.equals(next)) {
            return !READ.equals(current) && !FAILED.equals(current);
        }
        if (FAILED.equals(current)) {
            return false;
        }
        return ORDER.indexOf(next) > ORDER.indexOf(current);
    }

    /** The message's extra members: {@code "channel":{…}}, times in epoch milliseconds. */
    public String extraJson() {
        return "\"channel\":" + JsonWriter.string(json -> {
            json.writeStartObject();
            json.writeStringField("app", appId);
            json.writeStringField("direction", "out");
            json.writeStringField("status", status);
            json.writeNumberField("statusAt", at.toEpochMilli());
            if (channelMessageId != null) {
                json.writeStringField("id", channelMessageId);
            }
            if (error != null) {
                json.writeObjectFieldStart("error");
                json.writeStringField("code", error.code());
                json.writeStringField("title", error.title());
                if (error.detail() != null) {
                    json.writeStringField("detail", error.detail());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        });
    }
}
