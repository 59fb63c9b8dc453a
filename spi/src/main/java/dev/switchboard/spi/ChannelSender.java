package dev.switchboard.spi;

import java.util.concurrent.CompletionStage;
import org.pf4j.ExtensionPoint;

/**
 * Sends agents' messages out through the app's channel. The host hands an app every message an agent writes into a
 * room whose source is that app (and only those), in the order they were written per room.
 *
 * <p><b>Durability.</b> The host records the message for delivery in the same transaction that stores it, so a
 * message an agent was told is sent reaches {@link #deliver} even if the host is killed right after; after a crash
 * a message may be handed over again (at least once). {@link OutboundMessage#messageId()} is stable across
 * attempts: use it as the channel's idempotency key where the channel has one.
 *
 * <p><b>Answers.</b> The returned stage completes with a {@link DeliveryResult}:
 * {@link DeliveryResult.Delivered} (the channel accepted it; give its message id, so that
 * {@link Conversations#receipt} can find it later), {@link DeliveryResult.RetryLater} (the host tries again after
 * the given delay, or its own backoff) or {@link DeliveryResult.Failed} (never tried again; agents see the reason).
 * An exception, an exceptionally completed stage, a null, or no answer within the host's deadline count as retry
 * later. The host gives up after its attempt limit and marks the message failed.
 *
 * <p><b>Threads.</b> {@code deliver} is called on one of the app's host threads, with the plugin's thread context
 * class loader; it should start the work (for example an {@link AppHttp} call) and return the stage without
 * waiting, so that many messages can be in flight. Implementations must be thread-safe.
 *
 * @since 1.4.0
 */
public interface ChannelSender extends ExtensionPoint {

    /**
     * Sends one agent message.
     *
     * @param message the message, with the room and visitor it goes to
     * @param context the app's capabilities
     * @return a stage with the outcome; not null
     * @throws Exception any failure; counts as retry later
     */
    CompletionStage<DeliveryResult> deliver(OutboundMessage message, AppContext context) throws Exception;
}
