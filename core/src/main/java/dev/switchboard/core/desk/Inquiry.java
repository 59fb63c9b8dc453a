package dev.switchboard.core.desk;

import dev.switchboard.core.conversation.Room;
import java.time.Instant;

/**
 * A room waiting for an agent (Rocket.Chat's {@code ILivechatInquiryRecord}): {@code queued} until an agent takes it,
 * then {@code taken}. {@code room} supplies the visitor, name, department and source the inquiry shows.
 */
public record Inquiry(String id, String status, Instant ts, Instant takenAt, Instant updatedAt, Room room) {
    public static final String QUEUED = "queued";
    public static final String TAKEN = "taken";
}
