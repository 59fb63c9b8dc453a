package dev.switchboard.core.realtime;

import java.util.concurrent.CompletableFuture;

/**
 * Who may hear a room's events, and the inquiry queue's. The conversations domain answers; the websocket asks before it lets a
 * subscription to a room's streams start.
 */
public interface RoomAccess {

    /** True when {@code roomId} is a room of the visitor whose token is {@code visitorToken}. */
    CompletableFuture<Boolean> visitorMayRead(String roomId, String visitorToken);

    /** True when the user may read the room: a manager, the agent serving it, or a user who joined it. */
    CompletableFuture<Boolean> userMayRead(String roomId, String userId);

    /**
     * True when the user may hear the inquiry queue's event {@code eventName} ({@code public},
     * {@code department/<id>}, {@code agent/<id>}).
     */
    CompletableFuture<Boolean> userMayWatchQueue(String eventName, String userId);
}
