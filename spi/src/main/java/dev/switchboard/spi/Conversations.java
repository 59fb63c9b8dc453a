package dev.switchboard.spi;

import java.util.ArrayList;
import java.util.List;
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
     * Posts several messages as {@link #post} posts each, in list order, in <b>one transaction</b>: a channel that
     * receives messages in bursts pays one durable commit for many. Each message has the effect {@code post} would
     * have had at its place in the list: idempotent per channel message id (also within the list: a repeated id is
     * stored once, the repeat answers {@link PostedMessage#created()} false), opening the visitor's room of this app
     * when it has none, reaching agents, the websocket and the desk webhooks like any visitor message. Messages of
     * one visitor keep their order in the room.
     *
     * <p>What {@code post} throws for one message alone is that message's {@link PostOutcome.Refusal} instead, and
     * the others are posted: {@link PostOutcome.Refusal#ROOM_UNAVAILABLE} for a visitor in another source's room,
     * {@link PostOutcome.Refusal#VISITOR_NOT_FOUND} for an unknown or erased token. Anything else (invalid arguments,
     * {@link HostUnavailableException}) throws for the whole call, and then none of the messages is posted.
     *
     * <p>The default implementation calls {@link #post} for each message, so each commits on its own (a failure
     * part-way leaves the earlier ones posted); the host implements it with one transaction.
     *
     * @param posts the messages, at most a few hundred per call (the host holds them in one transaction)
     * @return one outcome per message, in the same order
     * @throws IllegalArgumentException if a channel message id is longer than
     *                                  {@value #MAX_CHANNEL_MESSAGE_ID_LENGTH} characters (nothing is posted)
     * @since 1.5.0
     */
    default List<PostOutcome> postAll(List<ChannelPost> posts) {
        List<PostOutcome> outcomes = new ArrayList<>(posts.size());
        for (ChannelPost each : posts) {
            try {
                outcomes.add(PostOutcome.of(post(each.visitorToken(), each.alias(), each.message())));
            } catch (RoomUnavailableException e) {
                outcomes.add(PostOutcome.refused(PostOutcome.Refusal.ROOM_UNAVAILABLE));
            } catch (VisitorNotFoundException e) {
                outcomes.add(PostOutcome.refused(PostOutcome.Refusal.VISITOR_NOT_FOUND));
            }
        }
        return outcomes;
    }

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
