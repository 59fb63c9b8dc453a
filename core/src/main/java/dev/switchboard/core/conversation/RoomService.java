package dev.switchboard.core.conversation;

import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.auth.Role;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.cache.HistoryCache;
import dev.switchboard.core.desk.InquiryEvents;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.http.ConversationJson;
import dev.switchboard.core.realtime.RoomAccess;
import dev.switchboard.core.realtime.StreamBus;
import dev.switchboard.core.realtime.StreamEvent;
import dev.switchboard.core.realtime.VisitorPresence;
import dev.switchboard.core.store.JdbcMessageStore.AgentSent;
import dev.switchboard.core.store.JdbcMessageStore.History;
import dev.switchboard.core.store.JdbcMessageStore.UserSender;
import dev.switchboard.core.store.JdbcChannelStore;
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
import java.util.function.Supplier;

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
    private final HistoryCache historyPages;
    private final InquiryEvents inquiryEvents;
    private final BooleanSupplier acceptChatsWithNoAgents;
    private final BooleanSupplier autoSelection;
    private final Consumer<String> visitorChanged;
    private final Clock clock;
    private volatile Consumer<JdbcChannelStore.Due> channelOutbound = due -> { };

    /**
     * @param acceptChatsWithNoAgents Rocket.Chat's {@code Livechat_accept_chats_with_no_agents}, read at each
     *                                opening (a host setting, on by default in Switchboard)
     * @param autoSelection           whether {@code Livechat_Routing_Method} is {@code Auto_Selection}, read at each
     *                                opening: a new room goes at once to the next available agent
     * @param visitorChanged          told the visitor's token after a room opening changed the visitor
     *                                ({@code lastChat}), so this node forgets its cached copy
     * @param inquiryEvents           where the queue's changes go to agents' clients
     * @param historyPages            rooms' rendered history pages: a room's change reaches it on this node at once
     *                                (other nodes' copies hear it on {@code streams})
     */
    public RoomService(JdbcRoomStore rooms, JdbcMessageStore messages, JdbcOfflineMessageStore offlineMessages,
                       JdbcUserStore users, StreamBus streams, HistoryCache historyPages,
                       BooleanSupplier acceptChatsWithNoAgents,
                       BooleanSupplier autoSelection, Consumer<String> visitorChanged, InquiryEvents inquiryEvents,
                       Clock clock) {
        this.rooms = rooms;
        this.messages = messages;
        this.offlineMessages = offlineMessages;
        this.users = users;
        this.streams = streams;
        this.historyPages = historyPages;
        this.inquiryEvents = inquiryEvents;
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
                clock.instant()).thenApply(this::announceOpened);
    }

    /** After a room opening committed: when it created the room, what a new room tells its listeners. */
    Opened announceOpened(Opened opened) {
        if (opened.created()) {
            visitorChanged.accept(opened.room().visitor().token());
            publishMessage(opened.started());
            announceJoin(opened.room().id(), opened.agent(), opened.joined());
            inquiryEvents.queued(opened.inquiry());
        }
        return opened;
    }

    /** How a room an app opens is routed: as {@link #open} routes the widget's rooms, settings read now. */
    JdbcChannelStore.Routing routing() {
        return new JdbcChannelStore.Routing(acceptChatsWithNoAgents.getAsBoolean(), autoSelection.getAsBoolean());
    }

    /**
     * Tells {@code listener} the outbox row of an agent's message into a channel app's room, once the message
     * committed (it waits in the outbox).
     */
    public void onChannelOutbound(Consumer<JdbcChannelStore.Due> listener) {
        this.channelOutbound = listener;
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
                visitorMessageStored(sent.message());
            }
            return sent.message();
        });
    }

    /**
     * A visitor's new message committed, whether the widget sent it or a channel app posted it
     * ({@link ChannelRooms}): everything that follows a visitor's message happens here, for both.
     */
    void visitorMessageStored(Message message) {
        publishMessage(message);
    }

    public CompletableFuture<Message> editAsVisitor(String token, String rid, String id, String msg) {
        return messages.editAsVisitor(token, rid, id, msg, clock.instant()).thenApply(edited -> {
            publishMessage(edited);
            return edited;
        });
    }

    public CompletableFuture<Message> deleteAsVisitor(String token, String rid, String id) {
        return messages.deleteAsVisitor(token, rid, id, clock.instant()).thenApply(deleted -> {
            publishDeleted(deleted);
            return deleted;
        });
    }

    /** A page of the visitor's room {@code rid} from the store; {@link #historyPages()} holds rendered ones. */
    public CompletableFuture<History> history(String token, String rid, Instant end, int offset, int limit) {
        return messages.history(token, rid, end, offset, limit);
    }

    /** Rendered history pages, which every change this service publishes invalidates. */
    public HistoryCache historyPages() {
        return historyPages;
    }

    /**
     * A visitor's erasure deleted rooms {@code rids} (committed): their cached history goes, on every node (an
     * internal stream event, as no client-facing event says a room is gone).
     */
    public void announceErased(List<String> rids) {
        for (String rid : rids) {
            historyPages.invalidate(rid);
            streams.publish(new StreamEvent(StreamEvent.ROOM_ERASED, rid, "[]"));
        }
    }

    /** The visitor closes its room: the {@code livechat-close} message goes to the room's subscribers. */
    public CompletableFuture<Closed> closeByVisitor(String token, String rid) {
        return rooms.closeByVisitor(token, rid, CLOSED_BY_VISITOR, clock.instant()).thenApply(closed -> {
            announceClose(closed);
            return closed;
        });
    }

    /** A room closed (its change committed): the {@code livechat-close} message, and its inquiry leaves the queue. */
    public void announceClose(Closed closed) {
        publishMessage(closed.closeMessage());
        inquiryEvents.removed(closed.removedInquiry());
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
            inquiryEvents.changed(sent.takenInquiry());
        }
        if (sent.created()) {
            publishMessage(sent.message());
        }
        if (sent.queued()) {
            channelOutbound.accept(sent.outbox());
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
        publishMessages(joined);
        announceAgent(rid, agent);
    }

    /** Committed messages, in order, to their room's {@code stream-room-messages} subscribers. */
    public void publishMessages(List<Message> written) {
        written.forEach(this::publishMessage);
    }

    /**
     * Users {@code userIds} left room {@code rid} (a forward): their sockets' subscriptions to the room end unless
     * they may still read it.
     */
    public void announceLeft(String rid, List<String> userIds) {
        if (!userIds.isEmpty()) {
            streams.publish(new StreamEvent(StreamEvent.ROOM_LEFT, rid, ConversationJson.idsArgs(userIds)));
        }
    }

    /**
     * The room's agent changed: {@code agentData} on {@code stream-livechat-room}, the widget's cue to show
     * {@code agent} (null: nobody serves the room now).
     */
    public void announceAgent(String rid, Message.Sender agent) {
        streams.publish(new StreamEvent(StreamEvent.LIVECHAT_ROOM, rid, ConversationJson.agentDataArgs(agent)));
    }

    /**
     * What {@code request} asks of room {@code rid}, for a user who may read it. The request is made only once the
     * user may read the room (making it may refuse it, as Rocket.Chat's checks after its access check do).
     */
    public CompletableFuture<Synced> sync(User user, String rid, Supplier<SyncRequest> request) {
        return rooms.findById(rid).thenCompose(room -> mayRead(user, room)).thenCompose(allowed -> {
            if (!allowed) {
                throw ApiError.meteor("error-not-allowed", "Not allowed");
            }
            SyncRequest asked = request.get();
            if (asked instanceof SyncRequest.Since since) {
                return messages.sync(rid, since.from())
                        .thenApply(changed -> new Synced(changed.updated(), changed.deleted(), null));
            }
            if (asked instanceof SyncRequest.Cursor cursor) {
                return messages.syncPage(rid, cursor.deleted(), cursor.backwards(), cursor.time(), cursor.count() + 1)
                        .thenApply(cursor::answer);
            }
            return CompletableFuture.completedFuture(new Synced(List.of(), List.of(), null));
        });
    }

    /**
     * Rocket.Chat's {@code rooms.info}: room {@code rid} for a user who may read it. As Rocket.Chat, an unknown id
     * is told apart from a room the user may not read.
     */
    public CompletableFuture<Room> info(User user, String rid) {
        return rooms.findById(rid).thenCompose(found -> {
            Room room = found.orElseThrow(RoomService::noSuchRoom);
            return mayRead(user, found).thenApply(allowed -> {
                if (!allowed) {
                    throw ApiError.failure("not-allowed", "Not Allowed");
                }
                return room;
            });
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
                user.isPresent() ? mayRead(user.get(), room) : CompletableFuture.completedFuture(false))
                .thenCompose(allowed -> allowed);
    }

    /**
     * Who may watch the inquiry queue's event {@code eventName}: an agent ({@code view-l-room}) the {@code public}
     * queue, the queues of its departments ({@code department/<id>}) and its own ({@code agent/<id>}); managers
     * every one.
     */
    @Override
    public CompletableFuture<Boolean> userMayWatchQueue(String eventName, String userId) {
        return users.findById(userId).thenCompose(found -> {
            if (found.isEmpty() || !found.get().has(Permission.VIEW_L_ROOM)) {
                return CompletableFuture.completedFuture(false);
            }
            User user = found.get();
            if (eventName.equals("public") || user.has(Permission.VIEW_LIVECHAT_MANAGER)
                    || eventName.equals("agent/" + userId)) {
                return CompletableFuture.completedFuture(true);
            }
            return eventName.startsWith("department/")
                    ? rooms.inDepartment(userId, eventName.substring("department/".length()))
                    : CompletableFuture.completedFuture(false);
        });
    }

    /** Managers read every room; a user reads the rooms it serves or is in (joined). */
    private CompletableFuture<Boolean> mayRead(User user, Optional<Room> room) {
        if (room.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        if (user.has(Permission.VIEW_LIVECHAT_MANAGER)
                || room.get().servedBy() != null && room.get().servedBy().id().equals(user.id())) {
            return CompletableFuture.completedFuture(true);
        }
        return rooms.isMember(room.get().id(), user.id());
    }

    /** A message was deleted: its room's subscribers drop it. */
    void publishDeleted(Message deleted) {
        historyPages.invalidate(deleted.rid());
        streams.publish(new StreamEvent(StreamEvent.NOTIFY_ROOM, deleted.rid() + "/deleteMessage",
                ConversationJson.deletedArgs(deleted.id())));
    }

    /**
     * A message was written or changed: its room's subscribers get it whole (Rocket.Chat sends updates so too). The
     * event is rendered only when someone may hear it: a room no socket watches (a client of the REST API alone)
     * costs no rendering.
     */
    void publishMessage(Message message) {
        historyPages.invalidate(message.rid());
        if (streams.heard(StreamEvent.ROOM_MESSAGES, message.rid())) {
            streams.publish(new StreamEvent(StreamEvent.ROOM_MESSAGES, message.rid(),
                    ConversationJson.messageArgs(message)));
        }
    }
}
