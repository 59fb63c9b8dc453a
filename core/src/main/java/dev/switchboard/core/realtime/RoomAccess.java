package dev.switchboard.core.realtime;

import java.util.concurrent.CompletableFuture;

/**
 * Who may hear a room's events. The conversations domain answers; the websocket asks before it lets a
 * subscription to a room's streams start.
 */
public interface RoomAccess {

    /** True when {@code roomId} is a room of the visitor whose token is {@code visitorToken}. */
    CompletableFuture<Boolean> visitorMayRead(String roomId, String visitorToken);

    /** True when the user may read the room: an admin, or the agent serving it (later: agents of its queue). */
    CompletableFuture<Boolean> userMayRead(String roomId, String userId);
}
