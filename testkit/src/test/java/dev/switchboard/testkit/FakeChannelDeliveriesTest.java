package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ChannelSender;
import dev.switchboard.spi.DeliveryResult;
import dev.switchboard.spi.InboundMessage;
import dev.switchboard.spi.MessageContent;
import dev.switchboard.spi.OutboundMessage;
import dev.switchboard.spi.VisitorRegistration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FakeChannelDeliveriesTest {
    private final FakeAppContext context = FakeAppContext.of("bridge");
    private final FakeConversations conversations = context.conversations();
    private final List<OutboundMessage> handed = new ArrayList<>();
    private final List<DeliveryResult> answers = new ArrayList<>();
    private final ChannelSender sender = (message, ctx) -> {
        handed.add(message);
        DeliveryResult answer = answers.isEmpty() ? DeliveryResult.delivered("out-" + message.messageId())
                : answers.remove(0);
        return CompletableFuture.completedFuture(answer);
    };
    private final FakeChannelDeliveries deliveries = new FakeChannelDeliveries(context, sender);
    private final String token = context.fakeVisitors().register(VisitorRegistration.builder("tok-1").build()).token();
    private final String rid = conversations.post(token, null,
            InboundMessage.of("wamid.1", null, new MessageContent.Text("Oi"))).roomId();

    @Test
    void anAgentsMessageIsHandedOverWithItsRoomVisitorAndWindowAndAccepted() {
        Instant inboundAt = context.clock().instant();
        context.clock().advance(Duration.ofMinutes(5));
        String id = conversations.agentWrites(rid, "Olá, em que posso ajudar?");
        assertEquals(1, deliveries.deliverDue().size());
        OutboundMessage message = handed.get(0);
        assertEquals(id, message.messageId());
        assertEquals(rid, message.roomId());
        assertEquals(token, message.visitorToken());
        assertEquals(context.fakeVisitors().findByToken(token).orElseThrow().id(), message.visitorId());
        assertEquals("Olá, em que posso ajudar?", message.text());
        assertEquals(inboundAt, message.lastInboundAt());
        assertEquals(1, message.attempt());
        FakeConversations.Message accepted = conversations.messageById(id);
        assertEquals("accepted", accepted.status());
        assertEquals("out-" + id, accepted.channelMessageId());
        assertTrue(deliveries.deliverDue().isEmpty(), "handed over once");
    }

    @Test
    void retryLaterWaitsForTheDelayOrTheBackoffAndTheRoomsOrderHolds() {
        answers.add(DeliveryResult.retryAfter(Duration.ofSeconds(5), "rate limited"));
        answers.add(DeliveryResult.retryLater("busy"));
        String first = conversations.agentWrites(rid, "1");
        String second = conversations.agentWrites(rid, "2");
        deliveries.deliverDue();
        assertTrue(deliveries.deliverDue().isEmpty(), "not before the delay; the second waits behind the first");
        context.clock().advance(Duration.ofSeconds(5));
        deliveries.deliverDue();
        assertEquals(2, handed.get(1).attempt());
        context.clock().advance(Duration.ofSeconds(1));
        assertTrue(deliveries.deliverDue().isEmpty(), "the host's backoff after attempt 2 is 2 s");
        context.clock().advance(Duration.ofSeconds(1));
        assertEquals(first, deliveries.deliverDue().get(0).message().messageId());
        assertEquals("accepted", conversations.messageById(first).status());
        assertEquals(second, deliveries.deliverDue().get(0).message().messageId());
    }

    @Test
    void failuresOfTheSenderCountAsRetryLaterUntilTheHostGivesUp() {
        ChannelSender throwing = (message, ctx) -> {
            throw new IllegalStateException("the channel's API is down");
        };
        FakeChannelDeliveries broken = new FakeChannelDeliveries(context, throwing);
        String id = conversations.agentWrites(rid, "Oi");
        DeliveryResult.RetryLater later = assertInstanceOf(DeliveryResult.RetryLater.class,
                broken.deliverDue().get(0).result());
        assertTrue(later.reason().contains("the channel's API is down"), later.reason());
        for (int attempt = 2; attempt <= 10; attempt++) {
            context.clock().advance(Duration.ofMinutes(5));
            assertEquals(attempt, broken.deliverDue().get(0).message().attempt());
        }
        FakeConversations.Message gaveUp = conversations.messageById(id);
        assertEquals("failed", gaveUp.status());
        assertEquals("gave-up", gaveUp.error().code());

        ChannelSender nothing = (message, ctx) -> null;
        assertInstanceOf(DeliveryResult.RetryLater.class, new FakeChannelDeliveries(context, nothing)
                .deliver(handedMessage()));
        ChannelSender exceptional = (message, ctx) -> CompletableFuture.failedFuture(new RuntimeException("x"));
        assertInstanceOf(DeliveryResult.RetryLater.class, new FakeChannelDeliveries(context, exceptional)
                .deliver(handedMessage()));
    }

    @Test
    void aFailedAnswerIsFinalAndAChannelIdGivenTwiceStaysWithTheFirstMessage() {
        answers.add(DeliveryResult.failed("131047", "Re-engagement message"));
        String failed = conversations.agentWrites(rid, "tarde demais");
        deliveries.deliverDue();
        assertEquals("131047", conversations.messageById(failed).error().code());
        context.clock().advance(Duration.ofHours(1));
        assertTrue(deliveries.deliverDue().isEmpty());

        answers.add(DeliveryResult.delivered("same"));
        answers.add(DeliveryResult.delivered("same"));
        String a = conversations.agentWrites(rid, "a");
        String b = conversations.agentWrites(rid, "b");
        deliveries.deliverDue();
        deliveries.deliverDue();
        assertEquals("same", conversations.messageById(a).channelMessageId());
        assertNull(conversations.messageById(b).channelMessageId());
    }

    private OutboundMessage handedMessage() {
        return new OutboundMessage("m-1", rid, "v-1", token, "Oi", new OutboundMessage.Agent("a-1", "ana", null),
                Instant.EPOCH, null, 1);
    }
}
