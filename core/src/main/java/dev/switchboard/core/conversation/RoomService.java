package dev.switchboard.core.conversation;

import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.auth.Role;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.http.ConversationJson;
import dev.switchboard.core.realtime.RoomAccess;
import dev.switchboard.core.realtime.StreamBus;
import dev.switchboard.core.realtime.StreamEvent;
import dev.switchboard.core.realtime.VisitorPresence;
import dev.switchboard.core.store.JdbcMessageStore.AgentSent;
import dev.switchboard.core.store.JdbcMessageStore.Sync;
import dev.switchboard.core.store.JdbcMessageStore.UserSender;
import dev.switchboard.core.store.JdbcMessageStore;
import dev.switchboard.core.store.JdbcOfflineMessageStore;
import dev.switchboard.core.store.JdbcRoomStore.Closed;
import dev.switchboard.core.store.JdbcRoomStore.Opened;
import dev.switchboard.core.store.JdbcRoomStore;
import dev.switchboard.core.store.JdbcUserStore;
import dev.switchboard.core.store.Page;
import dev.switchboard.core.visitor.RandomIds;
import dev.switchboard.core.widget.OpenRoomLookup;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The conversation use cases: a visitor's room (opened on demand, one open at a time), its messages, closing it,
 * and an agent answering. Every committed change a realtime client should see is published to the
 * {@link StreamBus} after its commit, in Rocket.Chat's wire format; {@link RoomAccess} says who may hear a room.
 */
public final class RoomService implements RoomAccess, VisitorPresence, OpenRoomLookup {
    /** The comment of a room the visitor closed (Rocket.Chat's {@code Closed_by_visitor}, in English). */
    public static final String CLOSED_BY_VISITOR = "Closed by visitor";

    private final JdbcRoomStore rooms;
    private final JdbcMessageStore messages;
    private final JdbcOfflineMessageStore offlineMessages;
    private final JdbcUserStore users;
    private final StreamBus streams;
    private final BooleanSupplier acceptChatsWithNoAgents;
    private final BooleanSupplier autoSelection;
    private final Consumer<String> visitorChanged;
    private final Clock clock;

    /**
     * @param acceptChatsWithNoAgents Rocket.Chat's {@code Livechat_accept_chats_with_no_agents}, read at each
     *                                opening (a host setting, on by default in Switchboard)
     * @param autoSelection           whether {@code Livechat_Routing_Method} is {@code Auto_Selection}, read at each
     *                                opening: a new room goes at once to the next available agent
     * @param visitorChanged          told the visitor's token after a room opening changed the visitor
     *                                ({@code lastChat}), so this node forgets its cached copy
     */
    public RoomService(JdbcRoomStore rooms, JdbcMessageStore messages, JdbcOfflineMessageStore offlineMessages,
                       JdbcUserStore users, StreamBus streams, BooleanSupplier acceptChatsWithNoAgents,
                       BooleanSupplier autoSelection, Consumer<String> visitorChanged, Clock clock) {
        this.rooms = rooms;
        this.messages = messages;
        this.offlineMessages = offlineMessages;
        this.users = users;
        this.streams = streams;
        this.acceptChatsWithNoAgents = acceptChatsWithNoAgents;
        this.autoSelection = autoSelection;
        this.visitorChanged = visitorChanged;
        this.clock = clock;
    }

    /**
     * The visitor's open room, opened now when it has none ({@code created}); a new room goes at once to
     * {@code agentId} (may be null) when that agent is online, else under Auto_Selection to the next available
     * agent, else to the inquiry queue.
     */
    public CompletableFuture<Opened> open(String token, Room.Source source, String agentId) {
        return rooms.open(token, source, acceptChatsWithNoAgents.getAsBoolean(), autoSelection.getAsBoolean(), agentId,
                clock.instant()).thenApply(opened -> {
            if (opened.created()) {
                visitorChanged.accept(opened.room().visitor().token());
                publishMessage(opened.started());
                announceJoin(opened.room().id(), opened.agent(), opened.joined());
            }
            return opened;
        });
    }

    /** The visitor's open room {@code rid}. */
    public CompletableFuture<Room> findOpen(String token, String rid) {
        return rooms.findOpen(token, rid);
    }

    /** A visitor's message; {@code id} null draws one. A retry with the same id publishes nothing again. */
    public CompletableFuture<Message> sendAsVisitor(String token, String rid, String id, String msg) {
        String messageId = id == null ? RandomIds.id() : id;
        return messages.sendAsVisitor(token, rid, messageId, msg, clock.instant()).thenApply(sent -> {
            if (sent.created()) {
                publishMessage(sent.message());
            }
            return sent.message();
        });
    }

    public CompletableFuture<Message> editAsVisitor(String token, String rid, String id, String msg) {
        return messages.editAsVisitor(token, rid, id, msg, clock.instant()).thenApply(edited -> {
            publishMessage(edited);
            return edited;
        });
    }

    public CompletableFuture<Message> deleteAsVisitor(String token, String rid, String id) {
        return messages.deleteAsVisitor(token, rid, id, clock.instant()).thenApply(deleted -> {
            streams.publish(new StreamEvent(StreamEvent.NOTIFY_ROOM, rid + "/deleteMessage",
                    ConversationJson.deletedArgs(deleted.id())));
            return deleted;
        });
    }

    public CompletableFuture<List<Message>> history(String token, String rid, Instant end, int offset, int limit) {
        return messages.history(token, rid, end, offset, limit);
    }

    /** The visitor closes its room: the {@code livechat-close} message goes to the room's subscribers. */
    public CompletableFuture<Closed> closeByVisitor(String token, String rid) {
        return rooms.closeByVisitor(token, rid, CLOSED_BY_VISITOR, clock.instant()).thenApply(closed -> {
            publishMessage(closed.closeMessage());
            return closed;
        });
    }

    /** The visitor's status (REST {@code visitor.status}, or {@code offline} when its websocket closes). */
    @Override
    public CompletableFuture<Void> statusChanged(String token, String status) {
        return rooms.updateVisitorStatus(token, status, clock.instant());
    }

    /** The widget's view of the visitor's open room and the agent serving it. */
    @Override
    public CompletableFuture<Optional<OpenRoom>> openRoom(String visitorToken) {
        return rooms.openRoomsOfToken(visitorToken).thenCompose(open -> {
            if (open.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            Room room = open.get(0);
            if (room.servedBy() == null) {
                return CompletableFuture.completedFuture(
                        Optional.of(new OpenRoom(room.id(), room.departmentId(), null)));
            }
            return users.findById(room.servedBy().id()).thenApply(agent -> Optional.of(new OpenRoom(room.id(),
                    room.departmentId(), agent.map(a -> new ServingAgent(a.id(), a.username(), a.name(), null,
                            a.email(), null)).orElse(null))));
        });
    }

    /** The agent serving the visitor's room {@code rid}; Rocket.Chat's {@code invalid-agent} when none does. */
    public CompletableFuture<User> agentOf(String token, String rid) {
        return rooms.findOwn(token, rid).thenCompose(room -> {
            if (room.servedBy() == null) {
                throw ApiError.plain("invalid-agent");
            }
            return users.findById(room.servedBy().id())
                    .thenApply(found -> found.orElseThrow(() -> ApiError.plain("invalid-agent")));
        });
    }

    /** Records a page the visitor visited, in its room {@code rid}. */
    public CompletableFuture<Message> pageVisited(String token, String rid, String msg, String navigationJson) {
        return messages.pageVisited(token, rid, msg, navigationJson, clock.instant());
    }

    public CompletableFuture<String> saveOfflineMessage(String name, String email, String message,
                                                        String department, String host) {
        return offlineMessages.save(name, email, message, department, host, clock.instant());
    }

    public CompletableFuture<List<Room>> openRoomsOfToken(String token) {
        return rooms.openRoomsOfToken(token);
    }

    public CompletableFuture<Page<Room>> list(RoomFilter filter, int offset, int count) {
        return rooms.list(filter, offset, count);
    }

    /**
     * A user's message into a livechat room. An agent sending into a room nobody serves takes it: the
     * {@code command: connected} and {@code uj} messages and the {@code agentData} event go out before the message.
     */
    public CompletableFuture<Message> sendAsUser(User user, String rid, String id, String msg) {
        String messageId = id == null ? RandomIds.id() : id;
        UserSender sender = new UserSender(user.id(), user.username(), user.name(),
                user.has(Permission.VIEW_LIVECHAT_MANAGER), user.roles().contains(Role.AGENT));
        return messages.sendAsUser(sender, rid, messageId, msg, clock.instant()).thenApply(sent -> {
            publishAgentSend(user, rid, sent);
            return sent.message();
        });
    }

    private void publishAgentSend(User user, String rid, AgentSent sent) {
        if (sent.servedRoom() != null) {
            announceJoin(rid, ConversationJson.agent(user), sent.joinMessages());
        }
        if (sent.created()) {
            publishMessage(sent.message());
        }
    }

    /**
     * An agent took room {@code rid} (its join messages committed): the messages, then the {@code agentData}
     * event, to the room's realtime subscribers.
     */
    public void announceJoin(String rid, Message.Sender agent, List<Message> joined) {
        if (agent == null) {
            return;
        }
        joined.forEach(this::publishMessage);
        streams.publish(new StreamEvent(StreamEvent.LIVECHAT_ROOM, rid, ConversationJson.agentDataArgs(agent)));
    }

    /** What changed in room {@code rid} since {@code since}, for a user who may read it. */
    public CompletableFuture<Sync> sync(User user, String rid, Instant since) {
        return rooms.findById(rid).thenCompose(room -> {
            if (room.isEmpty() || !mayRead(user, room.get())) {
                throw ApiError.meteor("error-not-allowed", "Not allowed");
            }
            return messages.sync(rid, since);
        });
    }

    /**
     * Rocket.Chat's {@code rooms.info}: room {@code rid} for a user who may read it. As Rocket.Chat, an unknown id
     * is told apart from a room the user may not read.
     */
    public CompletableFuture<Room> info(User user, String rid) {
        return rooms.findById(rid).thenApply(found -> {
            Room room = found.orElseThrow(RoomService::noSuchRoom);
            if (!mayRead(user, room)) {
                throw ApiError.failure("not-allowed", "Not Allowed");
            }
            return room;
        });
    }

    /** Rocket.Chat's {@code findRoomByIdOrName} when nothing matches (its wording says "channel" for every type). */
    public static ApiError noSuchRoom() {
        return ApiError.meteor("error-room-not-found",
                "The required \"roomId\" or \"roomName\" param provided does not match any channel");
    }

    @Override
    public CompletableFuture<Boolean> visitorMayRead(String roomId, String visitorToken) {
        return rooms.ownedBy(roomId, visitorToken);
    }

    @Override
    public CompletableFuture<Boolean> userMayRead(String roomId, String userId) {
        return users.findById(userId).thenCombine(rooms.findById(roomId), (user, room) ->
                user.isPresent() && room.isPresent() && mayRead(user.get(), room.get()));
    }

    /** Managers read every room; an agent reads the rooms it serves. */
    private static boolean mayRead(User user, Room room) {
        return user.has(Permission.VIEW_LIVECHAT_MANAGER)
                || room.servedBy() != null && room.servedBy().id().equals(user.id());
    }

    private void publishMessage(Message message) {
        streams.publish(new StreamEvent(StreamEvent.ROOM_MESSAGES, message.rid(),
                ConversationJson.messageArgs(message)));
    }
}
