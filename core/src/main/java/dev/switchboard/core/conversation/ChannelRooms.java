package dev.switchboard.core.conversation;

import dev.switchboard.core.store.JdbcChannelStore;
import dev.switchboard.core.store.JdbcChannelStore.ChannelPost;
import dev.switchboard.core.store.JdbcChannelStore.Due;
import dev.switchboard.core.store.JdbcChannelStore.Inbound;
import dev.switchboard.core.store.JdbcChannelStore.Outbound;
import dev.switchboard.core.store.JdbcChannelStore.PostResult;
import dev.switchboard.core.store.JdbcChannelStore.Posted;
import dev.switchboard.core.store.JdbcRoomStore.Opened;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The conversations of channel apps (rooms with source {@code app}): a visitor's messages an app posts, which
 * reach agents and the websocket exactly as a visitor's {@code livechat/message} does ({@link RoomService}
 * publishes them), and the agents' messages on their way out with the statuses the app reports. Every method
 * takes the app id the host bound to the calling app; nothing here reaches another app's rooms.
 */
public final class ChannelRooms {
    private final JdbcChannelStore store;
    private final RoomService rooms;
    private final Clock clock;

    public ChannelRooms(JdbcChannelStore store, RoomService rooms, Clock clock) {
        this.store = store;
        this.rooms = rooms;
        this.clock = clock;
    }

    /** The visitor's open room of {@code appId}, opened (and routed, and announced) when it has none. */
    public CompletableFuture<Opened> open(String appId, String token, String alias) {
        return store.open(appId, token, alias, rooms.routing(), clock.instant()).thenApply(rooms::announceOpened);
    }

    /** A visitor's message through the app's channel; a retried channel message id publishes nothing again. */
    public CompletableFuture<Posted> post(String appId, String token, String alias, Inbound inbound) {
        return store.post(appId, token, alias, inbound, rooms.routing(), clock.instant()).thenApply(this::published);
    }

    /**
     * Many visitors' messages through the app's channel in one transaction, each published as {@link #post}
     * publishes it, in list order, once committed.
     */
    public CompletableFuture<List<PostResult>> postAll(String appId, List<ChannelPost> posts) {
        return store.postAll(appId, posts, rooms.routing(), clock.instant()).thenApply(results -> {
            for (PostResult result : results) {
                if (result.posted() != null) {
                    published(result.posted());
                }
            }
            return results;
        });
    }

    /** After a post committed: a room it opened is announced, a message it stored published. */
    private Posted published(Posted posted) {
        Opened opened = posted.opened();
        if (opened != null) {
            rooms.announceOpened(opened);
        }
        if (posted.created()) {
            rooms.visitorMessageStored(posted.message());
        }
        return posted;
    }

    public CompletableFuture<Optional<Room>> findRoom(String appId, String rid) {
        return store.findRoom(appId, rid);
    }

    /** The visitor edited a message in the channel. */
    public CompletableFuture<Optional<Message>> edit(String appId, String channelMessageId, String text) {
        return store.edit(appId, channelMessageId, text, clock.instant()).thenApply(edited -> {
            edited.ifPresent(rooms::publishMessage);
            return edited;
        });
    }

    /** The visitor revoked a message in the channel. */
    public CompletableFuture<Boolean> revoke(String appId, String channelMessageId) {
        return store.revoke(appId, channelMessageId, clock.instant()).thenApply(revoked -> {
            revoked.ifPresent(rooms::publishDeleted);
            return revoked.isPresent();
        });
    }

    /** A channel's receipt for an agent's message; true when the app has such a message. */
    public CompletableFuture<Boolean> receipt(String appId, String channelMessageId, String status, Instant at,
                                              ChannelStatus.Error error) {
        return store.receipt(appId, channelMessageId, status, at, error, clock.instant()).thenApply(receipted -> {
            if (receipted.changed() != null) {
                rooms.publishMessage(receipted.changed());
            }
            return receipted.known();
        });
    }

    /** Agents' messages of these apps due for an attempt now. */
    public CompletableFuture<List<Due>> due(Collection<String> appIds, int limit) {
        return store.due(appIds, clock.instant(), limit);
    }

    /** Takes a due message for one attempt, leased until {@code leaseUntil}; empty when another node took it. */
    public CompletableFuture<Optional<Outbound>> claim(Due due, Instant leaseUntil) {
        return store.claim(due, leaseUntil);
    }

    /** The app took the message (with the channel's id for later receipts, or null). */
    public CompletableFuture<Void> accepted(Outbound message, String channelMessageId) {
        return published(store.accepted(message.messageId(), message.appId(), channelMessageId, clock.instant()));
    }

    /** The message will never be sent; agents see why. */
    public CompletableFuture<Void> failed(Outbound message, ChannelStatus.Error error) {
        return published(store.failed(message.messageId(), message.appId(), error, clock.instant()));
    }

    public CompletableFuture<Void> retry(Outbound message, Instant nextAttempt) {
        return store.retry(message.messageId(), nextAttempt);
    }

    public Instant now() {
        return clock.instant();
    }

    private CompletableFuture<Void> published(CompletableFuture<Optional<Message>> changed) {
        return changed.thenAccept(message -> message.ifPresent(rooms::publishMessage));
    }
}
