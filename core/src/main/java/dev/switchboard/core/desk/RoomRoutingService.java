package dev.switchboard.core.desk;

import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.conversation.RoomService;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcRoomRouting;
import dev.switchboard.core.store.JdbcRoomRouting.Actor;
import dev.switchboard.core.store.JdbcRoomRouting.Target;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Agents and managers acting on a room (Rocket.Chat's {@code room.closeByUser}, {@code room.forward},
 * {@code room.join}). Each change is one transaction; once it has committed, the widget and the agents hear it:
 * the messages on {@code stream-room-messages}, a new agent (or none) as {@code agentData} on
 * {@code stream-livechat-room}, the inquiry on the queue's stream.
 */
public final class RoomRoutingService {
    private final JdbcRoomRouting routing;
    private final RoomService rooms;
    private final InquiryEvents inquiries;
    private final BooleanSupplier autoSelection;
    private final BooleanSupplier manualSelection;
    private final Clock clock;

    /**
     * @param autoSelection   whether the routing method assigns agents itself (Auto_Selection), read each time
     * @param manualSelection whether agents pick from the queue (Manual_Selection: Rocket.Chat's {@code previewRoom})
     */
    public RoomRoutingService(JdbcRoomRouting routing, RoomService rooms, InquiryEvents inquiries,
                              BooleanSupplier autoSelection, BooleanSupplier manualSelection, Clock clock) {
        this.routing = routing;
        this.rooms = rooms;
        this.inquiries = inquiries;
        this.autoSelection = autoSelection;
        this.manualSelection = manualSelection;
        this.clock = clock;
    }

    /** {@code user} closes room {@code rid}: one it is in, or any with {@code close-others-livechat-room}. */
    public CompletableFuture<Void> closeByUser(User user, String rid, String comment, List<String> tags) {
        return routing.closeByUser(actor(user), rid, comment, tags, clock.instant()).thenAccept(rooms::announceClose);
    }

    /**
     * {@code user} forwards room {@code rid}; Rocket.Chat's {@code error-forwarding-chat} when the target names
     * neither a department nor an agent.
     */
    public CompletableFuture<Void> forward(User user, String rid, String departmentId, String userId, String comment) {
        return routing.forward(actor(user), rid, new Target(departmentId, userId, comment),
                autoSelection.getAsBoolean(), clock.instant()).thenAccept(done -> {
                    JdbcRoomRouting.Forwarded forwarded = done.orElseThrow(
                            () -> ApiError.plain("error-forwarding-chat"));
                    rooms.publishMessages(forwarded.messages());
                    if (forwarded.agent() != null || forwarded.room().servedBy() == null) {
                        rooms.announceAgent(rid, forwarded.agent());
                    }
                    inquiries.changed(forwarded.inquiry());
                    rooms.announceLeft(rid, forwarded.left());
                });
    }

    /** {@code user} joins room {@code rid}; nothing happens when it is in the room already. */
    public CompletableFuture<Void> join(User user, String rid) {
        return routing.join(actor(user), rid, manualSelection.getAsBoolean(), clock.instant()).thenAccept(joined -> {
            if (joined.joinMessage() != null) {
                rooms.publishMessages(List.of(joined.joinMessage()));
            }
        });
    }

    private static Actor actor(User user) {
        return new Actor(user.id(), user.username(), user.name(), user.has(Permission.CLOSE_OTHERS_LIVECHAT_ROOM),
                user.has(Permission.VIEW_LIVECHAT_ROOMS));
    }
}
