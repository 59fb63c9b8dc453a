package dev.switchboard.core.plugin;

import dev.switchboard.core.conversation.ChannelRoomTakenException;
import dev.switchboard.core.conversation.ChannelRooms;
import dev.switchboard.core.conversation.ChannelStatus;
import dev.switchboard.core.conversation.Room;
import dev.switchboard.core.store.JdbcChannelStore.Posted;
import dev.switchboard.core.store.JdbcRoomStore.Opened;
import dev.switchboard.spi.ChannelError;
import dev.switchboard.spi.ChannelRoom;
import dev.switchboard.spi.Conversations;
import dev.switchboard.spi.HostUnavailableException;
import dev.switchboard.spi.InboundMessage;
import dev.switchboard.spi.PostedMessage;
import dev.switchboard.spi.Receipt;
import dev.switchboard.spi.RoomUnavailableException;
import dev.switchboard.spi.VisitorNotFoundException;
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
        Objects.requireNonNull(message, "message");
        if (message.channelMessageId().length() > MAX_CHANNEL_MESSAGE_ID_LENGTH) {
            throw new IllegalArgumentException("channelMessageId is longer than " + MAX_CHANNEL_MESSAGE_ID_LENGTH
                    + " characters");
        }
        Posted posted = await(() -> rooms.post(appId, token, alias(alias), InboundRendering.render(appId, message)),
                token);
        return new PostedMessage(posted.message().id(), posted.message().rid(), message.channelMessageId(),
                posted.created());
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
