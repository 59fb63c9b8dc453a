package dev.switchboard.core.conversation;

import dev.switchboard.core.error.ApiError;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code chat.syncMessages} asks of a room, as Rocket.Chat's {@code getMessageHistory} reads it: the changes
 * after a time ({@code lastUpdate}), one page of its cursor form ({@code type} with {@code next} or
 * {@code previous}), or nothing ({@code type} alone).
 */
public sealed interface SyncRequest {
    /** Everything changed and deleted after {@code from}. */
    record Since(Instant from) implements SyncRequest { }

    /** Nothing: Rocket.Chat answers {@code type} without a cursor or {@code lastUpdate} with empty lists. */
    record Nothing() implements SyncRequest { }

    /**
     * One page of the messages changed ({@code deleted} false: Rocket.Chat's {@code UPDATED}, by {@code _updatedAt})
     * or deleted ({@code DELETED}, by {@code _deletedAt}) after the time {@code next} names, oldest first, or before
     * the time {@code previous} names, newest first; exactly one of them is set. A cursor is a time in epoch
     * milliseconds, as Rocket.Chat's.
     */
    record Cursor(boolean deleted, String next, String previous, int count) implements SyncRequest {
        /** JavaScript's {@code parseInt}: the leading digits. */
        private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*([+-]?\\d{1,18})");

        /** Whether the page goes back in time ({@code previous}). */
        public boolean backwards() {
            return previous != null;
        }

        /** The time the cursor names, in epoch milliseconds; Rocket.Chat's plain {@code Invalid Date} for none. */
        public long time() {
            Matcher number = LEADING_NUMBER.matcher(backwards() ? previous : next);
            if (!number.find()) {
                throw ApiError.plain("Invalid Date");
            }
            return Long.parseLong(number.group(1));
        }

        /**
         * The answer to this request from {@code fetched}, which holds up to {@code count + 1} messages in the page's
         * order: at most {@code count} of them and the cursors beside them (Rocket.Chat's {@code mountNextCursor}
         * and {@code mountPreviousCursor}; null where there is no page).
         */
        public Synced answer(List<Message> fetched) {
            int size = fetched.size();
            boolean more = size > count;
            String nextCursor;
            String previousCursor;
            if (size == 0) {
                nextCursor = null;
                previousCursor = null;
            } else if (backwards()) {
                nextCursor = cursorOf(fetched.get(0));
                previousCursor = more ? cursorOf(fetched.get(size - 2)) : null;
            } else {
                nextCursor = more ? cursorOf(fetched.get(size - 2)) : null;
                previousCursor = cursorOf(fetched.get(0));
            }
            List<Message> page = more ? fetched.subList(0, count) : fetched;
            return new Synced(deleted ? List.of() : page, deleted ? page : List.of(),
                    new Synced.Cursors(nextCursor, previousCursor));
        }

        private String cursorOf(Message message) {
            return Long.toString((deleted ? message.deletedAt() : message.updatedAt()).toEpochMilli());
        }
    }
}
