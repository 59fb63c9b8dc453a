package dev.switchboard.testkit;

import dev.switchboard.core.conversation.ChannelStatus;
import dev.switchboard.core.plugin.InboundRendering;
import dev.switchboard.spi.ChannelError;
import dev.switchboard.spi.ChannelPost;
import dev.switchboard.spi.ChannelRoom;
import dev.switchboard.spi.Conversations;
import dev.switchboard.spi.InboundMessage;
import dev.switchboard.spi.OutboundMessage;
import dev.switchboard.spi.PostOutcome;
import dev.switchboard.spi.PostedMessage;
import dev.switchboard.spi.Receipt;
import dev.switchboard.spi.RoomUnavailableException;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One app's conversations in memory, with the host's rules: a visitor has one open room at a time, and one that
 * belongs to another source ({@link #openRoomElsewhere}) refuses the app with {@link RoomUnavailableException};
 * posts are idempotent per channel message id (even after the room closed or the message was revoked), and
 * {@link #postAll} refuses only the messages {@code post} would throw for; edits and
 * revokes reach only the app's live inbound messages; receipts move an agent message's status only forward, with
 * {@code failed} replacing anything but {@code read}; {@link #findRoom} sees only the app's rooms. Agents' text is
 * the host's own rendering ({@code msg}).
 *
 * <p>The test plays the other side: {@link #agentWrites} puts an agent's message into one of the app's rooms, where
 * it waits ({@code pending}) for {@link FakeChannelDeliveries} to hand it to the app's sender, and
 * {@link #messages(String)} shows a room as agents read it. {@link #failEveryCall} makes every call throw (a host
 * outage: {@link dev.switchboard.spi.HostUnavailableException}). Visitors are looked up by token in the context's
 * {@link FakeVisitorDirectory} (not through a directory swapped in with {@link FakeAppContext#withVisitors}).
 * Synchronized: safe to call from several threads.
 */
public final class FakeConversations implements Conversations {
    /** The source of rooms a visitor opened through the widget ({@link #openRoomElsewhere}). */
    public static final String WIDGET = "widget";

    private final String appId;
    private final Clock clock;
    private final FakeVisitorDirectory visitors;
    private final Map<String, RoomState> rooms = new LinkedHashMap<>();
    private final List<MessageState> messages = new ArrayList<>();
    private RuntimeException failure;

    /** Which way a message went. */
    public enum Direction {
        /** The visitor's, posted by the app. */
        IN,
        /** An agent's, handed to the app's sender. */
        OUT
    }

    /**
     * A message as agents read it.
     *
     * @param id               the host's message id
     * @param roomId           its room
     * @param direction        which way it went
     * @param text             {@code msg}: the rendered content of an inbound message (edited text after an edit,
     *                         empty once revoked), the agent's text of an outbound one
     * @param channelMessageId the channel's id: the inbound message's, or the one the sender gave; may be null
     * @param inbound          what the app posted, for inbound messages; else null
     * @param edited           whether the visitor edited it
     * @param revoked          whether the visitor revoked it
     * @param status           an outbound message's {@code pending}, {@code accepted}, {@code sent},
     *                         {@code delivered}, {@code read} or {@code failed}; null for inbound ones
     * @param error            why an outbound message failed, else null
     * @param agent            who wrote an outbound message, else null
     * @param attempts         how often an outbound message was handed to the sender
     * @param at               when the host stored it
     */
    public record Message(String id, String roomId, Direction direction, String text, String channelMessageId,
                          InboundMessage inbound, boolean edited, boolean revoked, String status, ChannelError error,
                          OutboundMessage.Agent agent, int attempts, Instant at) { }

    private static final class RoomState {
        final String id;
        final String visitorId;
        final String token;
        final String source;
        final String alias;
        boolean open = true;
        Instant lastInboundAt;

        RoomState(String id, Visitor visitor, String source, String alias) {
            this.id = id;
            this.visitorId = visitor.id();
            this.token = visitor.token();
            this.source = source;
            this.alias = alias;
        }
    }

    private static final class MessageState {
        final String id = UUID.randomUUID().toString();
        final String roomId;
        final Direction direction;
        final InboundMessage inbound;
        final OutboundMessage.Agent agent;
        final Instant at;
        String text;
        String channelMessageId;
        boolean edited;
        boolean revoked;
        String status;
        ChannelError error;
        int attempts;
        Instant nextAttemptAt;

        MessageState(String roomId, Direction direction, String text, InboundMessage inbound,
                     OutboundMessage.Agent agent, Instant at) {
            this.roomId = roomId;
            this.direction = direction;
            this.text = text;
            this.inbound = inbound;
            this.agent = agent;
            this.at = at;
            this.nextAttemptAt = at;
        }

        Message snapshot() {
            return new Message(id, roomId, direction, text, channelMessageId, inbound, edited, revoked, status, error,
                    agent, attempts, at);
        }
    }

    FakeConversations(String appId, Clock clock, FakeVisitorDirectory visitors) {
        this.appId = appId;
        this.clock = clock;
        this.visitors = visitors;
    }

    @Override
    public synchronized ChannelRoom openRoom(String visitorToken, String alias) {
        failIfFailing();
        String token = requireText(visitorToken, "visitorToken");
        Opened opened = openOwn(token, alias);
        return toSpi(opened.room(), opened.created());
    }

    @Override
    public synchronized PostedMessage post(String visitorToken, String alias, InboundMessage message) {
        failIfFailing();
        String token = requireText(visitorToken, "visitorToken");
        requireStorableId(message);
        Optional<MessageState> earlier = withChannelId(message.channelMessageId());
        if (earlier.isPresent()) {
            return new PostedMessage(earlier.get().id, earlier.get().roomId, message.channelMessageId(), false);
        }
        RoomState room = openOwn(token, alias).room();
        MessageState posted = new MessageState(room.id, Direction.IN, InboundRendering.text(message.content()),
                message, null, clock.instant());
        posted.channelMessageId = message.channelMessageId();
        messages.add(posted);
        room.lastInboundAt = posted.at;
        return new PostedMessage(posted.id, room.id, message.channelMessageId(), true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>As the host: every message is checked before any is posted, and the whole call happens at once (no other
     * call of this fake runs in between), as one transaction would.
     */
    @Override
    public synchronized List<PostOutcome> postAll(List<ChannelPost> posts) {
        failIfFailing();
        Objects.requireNonNull(posts, "posts");
        posts.forEach(post -> requireStorableId(Objects.requireNonNull(post, "post").message()));
        return Conversations.super.postAll(posts);
    }

    @Override
    public synchronized Optional<PostedMessage> edit(String channelMessageId, String text) {
        failIfFailing();
        String id = requireText(channelMessageId, "channelMessageId");
        String newText = requireText(text, "text");
        return liveInbound(id).map(message -> {
            message.text = newText;
            message.edited = true;
            return new PostedMessage(message.id, message.roomId, id, false);
        });
    }

    @Override
    public synchronized boolean revoke(String channelMessageId) {
        failIfFailing();
        Optional<MessageState> found = liveInbound(requireText(channelMessageId, "channelMessageId"));
        found.ifPresent(message -> {
            message.text = "";
            message.revoked = true;
        });
        return found.isPresent();
    }

    @Override
    public synchronized boolean receipt(String channelMessageId, Receipt receipt) {
        failIfFailing();
        String id = requireText(channelMessageId, "channelMessageId");
        Objects.requireNonNull(receipt, "receipt");
        Optional<MessageState> found = messages.stream()
                .filter(m -> m.direction == Direction.OUT && id.equals(m.channelMessageId)).findFirst();
        if (found.isEmpty()) {
            return false;
        }
        String next = receipt.status().name().toLowerCase(Locale.ROOT);
        if (ChannelStatus.advances(found.get().status, next)) {
            found.get().status = next;
            found.get().error = receipt.error();
        }
        return true;
    }

    @Override
    public synchronized Optional<ChannelRoom> findRoom(String roomId) {
        failIfFailing();
        Objects.requireNonNull(roomId, "roomId");
        RoomState room = rooms.get(roomId);
        return room == null || !room.source.equals(appId) ? Optional.empty() : Optional.of(toSpi(room, false));
    }

    /**
     * Opens a room for the visitor from another source, as the widget does ({@code source} {@value #WIDGET}), so
     * the app's {@link #openRoom} and {@link #post} meet {@link RoomUnavailableException} until it closes.
     *
     * @param visitorToken the visitor's token
     * @return the room's id
     * @throws VisitorNotFoundException if no visitor has that token
     * @throws IllegalStateException    if the visitor already has an open room
     */
    public synchronized String openRoomElsewhere(String visitorToken) {
        Visitor visitor = visitor(visitorToken);
        if (openRoomOf(visitor.token()).isPresent()) {
            throw new IllegalStateException("the visitor already has an open room");
        }
        return newRoom(visitor, WIDGET, WIDGET).id;
    }

    /**
     * Closes a room, as an agent or the visitor would; the visitor's next post opens a new one.
     *
     * @param roomId the room's id
     * @return true if an open room was closed
     */
    public synchronized boolean closeRoom(String roomId) {
        RoomState room = rooms.get(roomId);
        if (room == null || !room.open) {
            return false;
        }
        room.open = false;
        return true;
    }

    /**
     * An agent writes into one of the app's open rooms ({@code chat.sendMessage}): the message is stored
     * {@code pending} and waits for {@link FakeChannelDeliveries#deliverDue()}.
     *
     * @param roomId the room
     * @param agent  who writes
     * @param text   what; not blank
     * @return the message's id
     * @throws IllegalArgumentException if the room is not an open room of this app
     */
    public synchronized String agentWrites(String roomId, OutboundMessage.Agent agent, String text) {
        Objects.requireNonNull(agent, "agent");
        RoomState room = rooms.get(roomId);
        if (room == null || !room.open || !room.source.equals(appId)) {
            throw new IllegalArgumentException("no open room " + roomId + " of app " + appId);
        }
        MessageState message = new MessageState(roomId, Direction.OUT, requireText(text, "text"), null, agent,
                clock.instant());
        message.status = ChannelStatus.PENDING;
        messages.add(message);
        return message.id;
    }

    /**
     * An agent named {@code agent} writes into one of the app's open rooms; see
     * {@link #agentWrites(String, OutboundMessage.Agent, String)}.
     *
     * @param roomId the room
     * @param text   what; not blank
     * @return the message's id
     */
    public String agentWrites(String roomId, String text) {
        return agentWrites(roomId, new OutboundMessage.Agent("agent-1", "agent", "Agent"), text);
    }

    /**
     * Returns every room of every source, oldest first.
     *
     * @return the rooms; {@link ChannelRoom#created()} is false
     */
    public synchronized List<ChannelRoom> rooms() {
        return rooms.values().stream().map(room -> toSpi(room, false)).toList();
    }

    /**
     * Returns a room's messages as agents read them, in the order they were stored.
     *
     * @param roomId the room
     * @return the messages
     */
    public synchronized List<Message> messages(String roomId) {
        return roomMessages(roomId).stream().map(MessageState::snapshot).toList();
    }

    /**
     * Returns the message with this channel id (inbound, or outbound with the id its sender gave).
     *
     * @param channelMessageId the channel's id
     * @return the message, or empty
     */
    public synchronized Optional<Message> message(String channelMessageId) {
        return withChannelId(channelMessageId).map(MessageState::snapshot);
    }

    /**
     * Returns a message by the host's id.
     *
     * @param messageId the host's message id
     * @return the message
     * @throws IllegalArgumentException if there is none
     */
    public synchronized Message messageById(String messageId) {
        return byId(messageId).snapshot();
    }

    /**
     * Makes every call of the SPI throw {@code failure} (for example a
     * {@link dev.switchboard.spi.HostUnavailableException}) until {@link #stopFailing()}.
     *
     * @param failure what to throw
     */
    public synchronized void failEveryCall(RuntimeException failure) {
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** Ends {@link #failEveryCall}. */
    public synchronized void stopFailing() {
        this.failure = null;
    }

    /** Outbound messages due for a hand-over at {@code now}: the oldest pending one of each room, as the host. */
    synchronized List<OutboundMessage> due(Instant now) {
        List<OutboundMessage> due = new ArrayList<>();
        for (RoomState room : rooms.values()) {
            roomMessages(room.id).stream().filter(m -> ChannelStatus.PENDING.equals(m.status)).findFirst()
                    .filter(m -> !m.nextAttemptAt.isAfter(now))
                    .ifPresent(m -> {
                        m.attempts++;
                        due.add(new OutboundMessage(m.id, room.id, room.visitorId, room.token, m.text, m.agent, m.at,
                                room.lastInboundAt, m.attempts));
                    });
        }
        return due;
    }

    /** The sender took the message; a channel id another message already has is not kept (the host's rule). */
    synchronized void accepted(String messageId, String channelMessageId) {
        MessageState message = byId(messageId);
        message.status = ChannelStatus.ACCEPTED;
        if (channelMessageId != null && withChannelId(channelMessageId).isEmpty()) {
            message.channelMessageId = channelMessageId;
        }
    }

    synchronized void failed(String messageId, ChannelError error) {
        MessageState message = byId(messageId);
        message.status = ChannelStatus.FAILED;
        message.error = error;
    }

    synchronized void retryAt(String messageId, Instant next) {
        byId(messageId).nextAttemptAt = next;
    }

    private record Opened(RoomState room, boolean created) { }

    /** The visitor's open room of this app, opened now when it has none. */
    private Opened openOwn(String token, String alias) {
        Visitor visitor = visitor(token);
        Optional<RoomState> open = openRoomOf(visitor.token());
        if (open.isEmpty()) {
            return new Opened(newRoom(visitor, appId, alias == null || alias.isBlank() ? appId : alias), true);
        }
        if (!open.get().source.equals(appId)) {
            throw new RoomUnavailableException("the visitor has an open room of another source");
        }
        return new Opened(open.get(), false);
    }

    private RoomState newRoom(Visitor visitor, String source, String alias) {
        RoomState room = new RoomState(UUID.randomUUID().toString(), visitor, source, alias);
        rooms.put(room.id, room);
        return room;
    }

    private Visitor visitor(String token) {
        return visitors.findByToken(token).orElseThrow(() -> new VisitorNotFoundException(token));
    }

    private Optional<RoomState> openRoomOf(String token) {
        return rooms.values().stream().filter(room -> room.open && room.token.equals(token)).findFirst();
    }

    private List<MessageState> roomMessages(String roomId) {
        return messages.stream().filter(m -> m.roomId.equals(roomId)).toList();
    }

    private Optional<MessageState> withChannelId(String channelMessageId) {
        return messages.stream().filter(m -> channelMessageId.equals(m.channelMessageId)).findFirst();
    }

    private Optional<MessageState> liveInbound(String channelMessageId) {
        return messages.stream().filter(m -> m.direction == Direction.IN && !m.revoked
                && channelMessageId.equals(m.channelMessageId)).findFirst();
    }

    private MessageState byId(String messageId) {
        return messages.stream().filter(m -> m.id.equals(messageId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no message " + messageId));
    }

    private void failIfFailing() {
        if (failure != null) {
            throw failure;
        }
    }

    private static ChannelRoom toSpi(RoomState room, boolean created) {
        return new ChannelRoom(room.id, room.visitorId, room.token, room.alias, room.open, created);
    }

    private static void requireStorableId(InboundMessage message) {
        Objects.requireNonNull(message, "message");
        if (message.channelMessageId().length() > MAX_CHANNEL_MESSAGE_ID_LENGTH) {
            throw new IllegalArgumentException("channelMessageId is longer than " + MAX_CHANNEL_MESSAGE_ID_LENGTH
                    + " characters");
        }
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, () -> name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
