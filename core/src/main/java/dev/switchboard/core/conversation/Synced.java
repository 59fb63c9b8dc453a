package dev.switchboard.core.conversation;

import java.util.List;

/**
 * {@code chat.syncMessages}'s answer: the messages written or edited, those deleted, and, for a page of the cursor
 * form only, the cursors to the pages after and before it (else null).
 */
public record Synced(List<Message> updated, List<Message> deleted, Cursors cursors) {
    public Synced {
        updated = List.copyOf(updated);
        deleted = List.copyOf(deleted);
    }

    /** Rocket.Chat's {@code cursor: {next, previous}}, each null where there is no page. */
    public record Cursors(String next, String previous) { }
}
