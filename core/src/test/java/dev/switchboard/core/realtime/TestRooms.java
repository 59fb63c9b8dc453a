package dev.switchboard.core.realtime;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The conversations domain as the websocket sees it, for tests: which visitor owns which room, which users may
 * read it, and every visitor status the websocket reported.
 */
final class TestRooms implements RoomAccess, VisitorPresence {
    private final Map<String, String> visitorOfRoom = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> readersOfRoom = new ConcurrentHashMap<>();
    final List<String> statuses = new CopyOnWriteArrayList<>();

    TestRooms room(String roomId, String visitorToken, String... userIds) {
        visitorOfRoom.put(roomId, visitorToken);
        readersOfRoom.put(roomId, Set.of(userIds));
        return this;
    }

    RealtimeOptions options(DdpLimits limits) {
        return new RealtimeOptions(this, this, limits);
    }

    @Override
    public CompletableFuture<Boolean> visitorMayRead(String roomId, String visitorToken) {
        return CompletableFuture.supplyAsync(() -> visitorToken.equals(visitorOfRoom.get(roomId)));
    }

    @Override
    public CompletableFuture<Boolean> userMayRead(String roomId, String userId) {
        return CompletableFuture.supplyAsync(() -> readersOfRoom.getOrDefault(roomId, Set.of()).contains(userId));
    }

    /** These tests' rooms have no queue: nobody watches it. */
    @Override
    public CompletableFuture<Boolean> userMayWatchQueue(String eventName, String userId) {
        return CompletableFuture.completedFuture(false);
    }

    @Override
    public CompletableFuture<Void> statusChanged(String visitorToken, String status) {
        statuses.add(visitorToken + "=" + status);
        return CompletableFuture.completedFuture(null);
    }
}
