package dev.switchboard.testkit;

import dev.switchboard.core.plugin.ChannelDeliveries;
import dev.switchboard.spi.ChannelError;
import dev.switchboard.spi.ChannelSender;
import dev.switchboard.spi.DeliveryResult;
import dev.switchboard.spi.OutboundMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Drives an app's {@link ChannelSender} as the host does, on the test's thread: {@link #deliver(OutboundMessage)}
 * hands over one message and waits for the stage; {@link #deliverDue()} hands over the agents' messages waiting in
 * the context's {@link FakeConversations} ({@link FakeConversations#agentWrites}), the oldest of each room first,
 * and records the answers: {@code accepted} with the channel's id, {@code failed} with the error, or another attempt
 * after the {@link DeliveryResult.RetryLater} delay or the host's backoff, by the context's {@link TestClock}
 * (advance it, then call {@link #deliverDue()} again). An exception, an exceptionally completed stage, a null or no
 * answer within {@link #BUDGET} count as retry later; after {@link ChannelDeliveries#MAX_ATTEMPTS} attempts the
 * message fails with {@code gave-up}, as in the host.
 *
 * <pre>{@code
 * FakeChannelDeliveries deliveries = new FakeChannelDeliveries(context, new MySender());
 * String rid = context.conversations().post(token, null, InboundMessage.of("m-1", null, text)).roomId();
 * String id = context.conversations().agentWrites(rid, "Hello!");
 * deliveries.deliverDue();
 * assertEquals("accepted", context.conversations().messageById(id).status());
 * }</pre>
 */
public final class FakeChannelDeliveries {
    /** How long a hand-over may take, {@code deliver} and its stage together (the host's budget). */
    public static final Duration BUDGET = Duration.ofSeconds(30);

    private final FakeAppContext context;
    private final ChannelSender sender;

    /**
     * One hand-over and the answer as the host counts it.
     *
     * @param message what was handed over
     * @param result  the answer; a failure or a missing answer as {@link DeliveryResult.RetryLater}
     */
    public record Handover(OutboundMessage message, DeliveryResult result) { }

    /**
     * A driver of {@code sender} acting for {@code context}'s app.
     *
     * @param context the app's context; its conversations hold the agents' messages
     * @param sender  the app's sender
     */
    public FakeChannelDeliveries(FakeAppContext context, ChannelSender sender) {
        this.context = Objects.requireNonNull(context, "context");
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /**
     * Hands one message to the sender and waits for its answer, without recording anything.
     *
     * @param message the message, for example built by the test
     * @return the answer; an exception, a null or no answer in time as {@link DeliveryResult.RetryLater}
     */
    public DeliveryResult deliver(OutboundMessage message) {
        Objects.requireNonNull(message, "message");
        try {
            CompletionStage<DeliveryResult> stage = sender.deliver(message, context);
            if (stage == null) {
                return DeliveryResult.retryLater("deliver returned null");
            }
            DeliveryResult result = stage.toCompletableFuture().get(BUDGET.toMillis(), TimeUnit.MILLISECONDS);
            return result != null ? result : DeliveryResult.retryLater("deliver answered null");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sender", e);
        } catch (TimeoutException e) {
            return DeliveryResult.retryLater("exceeded its time budget");
        } catch (ExecutionException e) {
            return DeliveryResult.retryLater(describe(e.getCause()));
        } catch (Exception e) {
            return DeliveryResult.retryLater(describe(e));
        }
    }

    /**
     * Hands over every agent message due now (the oldest pending one of each room whose retry time has come) and
     * records the answers in the conversations.
     *
     * @return the hand-overs, in order
     */
    public List<Handover> deliverDue() {
        FakeConversations conversations = context.conversations();
        List<Handover> handed = new ArrayList<>();
        for (OutboundMessage message : conversations.due(context.clock().instant())) {
            DeliveryResult result = deliver(message);
            settle(conversations, message, result);
            handed.add(new Handover(message, result));
        }
        return handed;
    }

    private void settle(FakeConversations conversations, OutboundMessage message, DeliveryResult result) {
        if (result instanceof DeliveryResult.Delivered delivered) {
            conversations.accepted(message.messageId(), delivered.channelMessageId());
        } else if (result instanceof DeliveryResult.Failed failed) {
            conversations.failed(message.messageId(), failed.error());
        } else {
            DeliveryResult.RetryLater later = (DeliveryResult.RetryLater) result;
            if (message.attempt() >= ChannelDeliveries.MAX_ATTEMPTS) {
                conversations.failed(message.messageId(), new ChannelError("gave-up",
                        "Not delivered after " + ChannelDeliveries.MAX_ATTEMPTS + " attempts", later.reason()));
            } else {
                Duration wait = later.delay() != null ? later.delay() : ChannelDeliveries.backoff(message.attempt());
                conversations.retryAt(message.messageId(), context.clock().instant().plus(wait));
            }
        }
    }

    private static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
