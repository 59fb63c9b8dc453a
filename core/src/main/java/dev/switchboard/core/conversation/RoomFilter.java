package dev.switchboard.core.conversation;

import java.time.Instant;
import java.util.List;

/**
 * Which rooms an agent lists ({@code GET /api/v1/livechat/rooms}); null or empty means "any".
 *
 * @param open   true: open rooms only; false: closed rooms only
 * @param agents    rooms served by one of these user ids
 * @param visitorId rooms of this visitor (Switchboard's own filter: the console's visitor page)
 */
public record RoomFilter(Boolean open, List<String> agents, String departmentId, String visitorId, Instant createdFrom,
                         Instant createdTo, Instant closedFrom, Instant closedTo) {
    public RoomFilter {
        agents = agents == null ? List.of() : List.copyOf(agents);
    }
}
