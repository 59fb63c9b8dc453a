package dev.switchboard.core.plugin;

import dev.switchboard.core.conversation.ChannelRoomTakenException;
import dev.switchboard.core.conversation.ChannelRooms;
import dev.switchboard.core.conversation.ChannelStatus;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.store.JdbcChannelStore;
import dev.switchboard.core.store.JdbcChannelStore.Inbound;
import dev.switchboard.core.store.JdbcChannelStore.PostResult;
import dev.switchboard.core.store.JdbcChannelStore.Posted;
import dev.switchboard.core.store.JdbcRoomStore.Opened;
import dev.switchboard.spi.ChannelError;
import dev.switchboard.spi.ChannelPost;
import dev.switchboard.spi.ChannelRoom;
import dev.switchboard.spi.Conversations;
import dev.switchboard.spi.HostUnavailableException;
import dev.switchboard.spi.InboundMessage;
import dev.switchboard.spi.PostOutcome;
import dev.switchboard.spi.PostedMessage;
import dev.switchboard.spi.Receipt;
import dev.switchboard.spi.RoomUnavailableException;
import dev.switchboard.spi.VisitorNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** The conversations one app sees: every room it opens carries its own app id, set here, and only those it reaches. */
final class AppConversations implements Conversations {
    private final String appId;
    private final ChannelRooms rooms;

    AppConversations(String appId, ChannelRooms rooms) {
        this.appId = appId;
        this.rooms = rooms;
    }

    @Override
    public ChannelRoom openRoom(String visitorToken, String alias) {
        String token = requireText(visitorToken, "visitorToken");
        Opened opened = await(() -> rooms.open(appId, token, alias(alias)), token);
        return toSpi(opened.room(), opened.created());
    }

    @Override
    public PostedMessage post(String visitorToken, String alias, InboundMessage message) {
        String token = requireText(visitorToken, "visitorToken");
        Inbound inbound = inbound(message);
        return toSpi(await(() -> rooms.post(appId, token, alias(alias), inbound), token), message.channelMessageId());
    }

    @Override
    public List<PostOutcome> postAll(List<ChannelPost> posts) {
        Objects.requireNonNull(posts, "posts");
        // Every message is checked and rendered before anything is written: a bad one posts none.
        List<JdbcChannelStore.ChannelPost> rendered = new ArrayList<>(posts.size());
        for (ChannelPost post : posts) {
            Objects.requireNonNull(post, "post");
            rendered.add(new JdbcChannelStore.ChannelPost(post.visitorToken(), alias(post.alias()),
                    inbound(post.message())));
        }
        if (rendered.isEmpty()) {
            return List.of();
        }
        List<PostResult> results = await(() -> rooms.postAll(appId, rendered), null);
        List<PostOutcome> outcomes = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            PostResult result = results.get(i);
            outcomes.add(result.posted() != null
                    ? PostOutcome.of(toSpi(result.posted(), posts.get(i).message().channelMessageId()))
                    : PostOutcome.refused(result.refusal() == JdbcChannelStore.Refusal.ROOM_TAKEN
                            ? PostOutcome.Refusal.ROOM_UNAVAILABLE : PostOutcome.Refusal.VISITOR_NOT_FOUND));
        }
        return outcomes;
    }

    /** The message as the store keeps it, after the SPI's checks. */
    private Inbound inbound(InboundMessage message) {
        Objects.requireNonNull(message, "message");
        if (message.channelMessageId().length() > MAX_CHANNEL_MESSAGE_ID_LENGTH) {
            throw new IllegalArgumentException("channelMessageId is longer than " + MAX_CHANNEL_MESSAGE_ID_LENGTH
                    + " characters");
        }
        return InboundRendering.render(appId, message);
    }

    private static PostedMessage toSpi(Posted posted, String channelMessageId) {
        return new PostedMessage(posted.message().id(), posted.message().rid(), channelMessageId, posted.created());
    }

    @Override
    public Optional<PostedMessage> edit(String channelMessageId, String text) {
        String id = requireText(channelMessageId, "channelMessageId");
        String newText = requireText(text, "text");
        return Blocking.await(rooms.edit(appId, id, newText))
                .map(message -> new PostedMessage(message.id(), message.rid(), id, false));
    }

    @Override
    public boolean revoke(String channelMessageId) {
        return Blocking.await(rooms.revoke(appId, requireText(channelMessageId, "channelMessageId")));
    }

    @Override
    public boolean receipt(String channelMessageId, Receipt receipt) {
        String id = requireText(channelMessageId, "channelMessageId");
        Objects.requireNonNull(receipt, "receipt");
        ChannelError error = receipt.error();
        return Blocking.await(rooms.receipt(appId, id, receipt.status().name().toLowerCase(Locale.ROOT),
                receipt.at(), error == null ? null : status(error)));
    }

    @Override
    public Optional<ChannelRoom> findRoom(String roomId) {
        Objects.requireNonNull(roomId, "roomId");
        return Blocking.await(rooms.findRoom(appId, roomId)).map(room -> toSpi(room, false));
    }

    static ChannelStatus.Error status(ChannelError error) {
        return new ChannelStatus.Error(error.code(), error.title(), error.detail());
    }

    private String alias(String alias) {
        return alias == null || alias.isBlank() ? appId : alias;
    }

    private static ChannelRoom toSpi(Room room, boolean created) {
        return new ChannelRoom(room.id(), room.visitor().id(), room.visitor().token(), room.source().alias(),
                room.open(), created);
    }

    /** Waits for a room write, with the SPI's exceptions for an unknown visitor and another source's room. */
    private static <T> T await(Supplier<CompletableFuture<T>> write, String token) {
        try {
            return Blocking.await(write.get());
        } catch (ChannelRoomTakenException e) {
            throw new RoomUnavailableException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw translated(e, token);
        }
    }

    /** {@link Blocking} turns the store's Rocket.Chat errors into IllegalArgumentException; these two mean more. */
    private static RuntimeException translated(IllegalArgumentException e, String token) {
        String message = String.valueOf(e.getMessage());
        if (message.equals("invalid-token")) {
            return new VisitorNotFoundException(token);
        }
        if (message.contains("no-agent-online")) {
            return new HostUnavailableException("no agent is online and rooms without one are not accepted", e);
        }
        return e;
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, () -> name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
