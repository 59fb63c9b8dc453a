package dev.switchboard.core.conversation;

import java.time.Instant;

/**
 * A message of a room, as Rocket.Chat's {@code IMessage}. System messages carry Rocket.Chat's type in
 * {@code type} ({@code livechat-started}, {@code livechat-close}, {@code livechat_navigation_history},
 * {@code command}, {@code uj}); what people wrote has none.
 *
 * @param token     the visitor's token, on messages a visitor sent (as Rocket.Chat marks them)
 * @param extraJson further members of the message object, already rendered as JSON ({@code "a":1,"b":…}),
 *                  or null
 * @param deletedAt when the message was deleted (its text is gone then), or null
 */
public record Message(String id, String rid, String type, String msg, Sender u, String token, String extraJson,
                      Instant ts, Instant updatedAt, Instant editedAt, Sender editedBy, Instant deletedAt) {

    /** Who wrote (or edited) a message: a visitor or a user. */
    public record Sender(String id, String username, String name) { }

    public boolean deleted() {
        return deletedAt != null;
    }
}
