package dev.switchboard.core.conversation;

import java.time.Instant;
import java.util.List;

/**
 * A livechat room ({@code t: "l"}): one visitor's conversation, as Rocket.Chat's {@code ILivechatRoom}.
 * A visitor has at most one open room; a closed room keeps its messages until the visitor is erased.
 *
 * @param servedBy the agent serving the room, or null while none does
 * @param closing  how the room was closed, or null while it is open
 */
public record Room(String id, RoomVisitor visitor, String fname, boolean open, String departmentId, Source source,
                   ServedBy servedBy, int msgs, int usersCount, Instant lastMessageAt, Instant ts, Instant updatedAt,
                   Closing closing) {

    /** The room's copy of its visitor ({@code v}): what Rocket.Chat keeps on the room. */
    public record RoomVisitor(String id, String username, String token, String status) { }

    /** Where the conversation came from: {@code widget}, {@code api} or {@code app} (with the app's id). */
    public record Source(String type, String id, String alias) {
        public static final Source WIDGET = new Source("widget", null, null);
        public static final Source API = new Source("api", null, null);
    }

    /** The agent serving the room, since {@code ts}. */
    public record ServedBy(String id, String username, Instant ts) { }

    /**
     * Who closed the room ({@code closer}: {@code visitor} or {@code user}), when, how long it lasted, and the tags
     * it was closed with (empty when none).
     */
    public record Closing(Instant closedAt, String closer, String closedById, String closedByUsername,
                          double chatDuration, Double serviceTimeDuration, List<String> tags) {
        public Closing {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }
}
