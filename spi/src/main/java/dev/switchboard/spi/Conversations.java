package dev.switchboard.spi;

import java.util.Optional;

/**
 * The conversations of one app's channel: the rooms of visitors who write through the channel, the messages they
 * send, and the receipts of the agents' answers. Reached through {@link AppContext#conversations()} and bound by the
 * host to the app's id, like every capability: a room an app opens has the source
 * {@code {type: "app", id: <appId>, alias}}, and an app sees and writes only rooms whose source is itself.
 *
 * <p>Inbound messages go through the same path as a visitor's {@code livechat/message}: they count on the room,
 * reach the agents' REST API and the websocket, and every observer of visitor messages. The agents' answers travel
 * the other way through the app's {@link ChannelSender}.
 *
 * <p>Methods block until the host's store answers and changes are durable; call them from the threads the host
 * runs the app on (endpoints, hooks, lifecycle methods, {@link ChannelSender#deliver}, {@link AppExecutor} tasks),
 * never from a stage of {@link AppHttp} (the host refuses that with {@link IllegalStateException}). They may throw
 * {@link HostUnavailableException} (retry later). The implementation is thread-safe.
 *
 * @since 1.4.0
 */
public interface Conversations {

    /** The longest channel message id the host stores, in characters. */
    int MAX_CHANNEL_MESSAGE_ID_LENGTH = 256;

    /**
     * Opens the visitor's room for this app's channel, or continues it when it is already open. A new room is
     * routed like a room the widget opens (an agent, or the inquiry queue).
     *
     * @param visitorToken the visitor's token ({@link Visitor#token()}); not blank
     * @param alias        how agents see the channel, for example {@code "WhatsApp +1 555 0100"}; null uses the
     *                     app's id
     * @return the open room
     * @throws VisitorNotFoundException  if no visitor has that token, or it was erased
     * @throws RoomUnavailableException  if the visitor's open room belongs to another source (the widget or another
     *                                   app): a visitor has one open room at a time
     */
    ChannelRoom openRoom(String visitorToken, String alias);

    /**
     * Posts a message the visitor sent through the channel: into the visitor's open room of this app, opened as
     * {@link #openRoom(String, String)} does when there is none, in one transaction with the message.
     *
     * <p><b>Idempotent per channel message id</b>: when this app already posted a message with
     * {@link InboundMessage#channelMessageId()}, nothing changes and that message is returned with
     * {@link PostedMessage#created()} false, even if its room has closed since, so a channel's retried delivery
     * never duplicates a message.
     *
     * @param visitorToken the visitor's token; not blank
     * @param alias        the room's alias when it is opened now; null uses the app's id
     * @param message      the message
     * @return the stored message
     * @throws VisitorNotFoundException  if no visitor has that token, or it was erased
     * @throws RoomUnavailableException  if the visitor's open room belongs to another source
     * @throws IllegalArgumentException  if the channel message id is longer than
     *                                   {@value #MAX_CHANNEL_MESSAGE_ID_LENGTH} characters
     */
    PostedMessage post(String visitorToken, String alias, InboundMessage message);

    /**
     * Replaces the text of a message this app posted, as a visitor's edit does (agents see it edited).
     *
     * @param channelMessageId the channel's id of the message; not blank
     * @param text             the new text; not blank
     * @return the edited message, or empty if this app posted no message with that id (or it was revoked)
     */
    Optional<PostedMessage> edit(String channelMessageId, String text);

    /**
     * Deletes a message this app posted, as a visitor's delete does (the sender revoked it in the channel).
     *
     * @param channelMessageId the channel's id of the message; not blank
     * @return true if a message was deleted now; false if this app posted no such message or it is already deleted
     */
    boolean revoke(String channelMessageId);

    /**
     * Records what the channel reported about an agent's message this app delivered: its status moves forward
     * ({@code sent} → {@code delivered} → {@code read}) and never back, so late or repeated receipts change nothing;
     * {@code failed} replaces any status but {@code read}. Agents see the status in the message's {@code channel}
     * member and get the updated message on the websocket.
     *
     * @param channelMessageId the id the app gave in {@link DeliveryResult.Delivered#channelMessageId()}; not blank
     * @param receipt          the receipt
     * @return true if an agent message of this app's rooms has that channel id (whether or not its status moved);
     *         false if none has
     */
    boolean receipt(String channelMessageId, Receipt receipt);

    /**
     * Finds one of this app's rooms. Rooms of the widget or of other apps count as unknown.
     *
     * @param roomId the room's id
     * @return the room, or empty if no room of this app has that id
     */
    Optional<ChannelRoom> findRoom(String roomId);
}
