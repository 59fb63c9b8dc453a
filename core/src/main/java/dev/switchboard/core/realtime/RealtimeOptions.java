package dev.switchboard.core.realtime;

import java.util.Objects;

/**
 * What the websocket takes from the rest of the host: who may read which room and where visitors' connection
 * status goes (both from the conversations domain), and its limits.
 */
public record RealtimeOptions(RoomAccess rooms, VisitorPresence presence, DdpLimits limits) {
    public RealtimeOptions {
        Objects.requireNonNull(rooms, "rooms");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(limits, "limits");
    }
}
