package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ChannelError;
import dev.switchboard.spi.ChannelRoom;
import dev.switchboard.spi.HostUnavailableException;
import dev.switchboard.spi.InboundMessage;
import dev.switchboard.spi.MessageContent;
import dev.switchboard.spi.PostedMessage;
import dev.switchboard.spi.Receipt;
import dev.switchboard.spi.RoomUnavailableException;
import dev.switchboard.spi.VisitorNotFoundException;
import dev.switchboard.spi.VisitorRegistration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FakeConversationsTest {
    private final FakeAppContext context = FakeAppContext.of("bridge");
    private final FakeConversations conversations = context.conversations();
    private final String token = context.fakeVisitors().register(VisitorRegistration.builder("tok-1").build()).token();

    private static InboundMessage text(String id, String body) {
        return InboundMessage.of(id, null, new MessageContent.Text(body));
    }

    @Test
    void postsAreIdempotentPerChannelMessageIdInTheVisitorsOneOpenRoom() {
        PostedMessage first = conversations.post(token, "WhatsApp +1 555 0100", text("wamid.1", "Olá"));
        assertTrue(first.created());
        PostedMessage second = conversations.post(token, "ignored now", text("wamid.2", "Tudo bem?"));
        assertEquals(first.roomId(), second.roomId(), "one open room per visitor");
        ChannelRoom room = conversations.findRoom(first.roomId()).orElseThrow();
        assertEquals("WhatsApp +1 555 0100", room.alias());

        PostedMessage retried = conversations.post(token, null, text("wamid.1", "Olá"));
        assertFalse(retried.created());
        assertEquals(first.messageId(), retried.messageId());
        assertEquals(2, conversations.messages(first.roomId()).size());

        conversations.closeRoom(first.roomId());
        assertEquals(first.messageId(), conversations.post(token, null, text("wamid.1", "Olá")).messageId(),
                "even after the room closed");
        PostedMessage next = conversations.post(token, null, text("wamid.3", "de novo"));
        assertNotEquals(first.roomId(), next.roomId(), "a closed room is not continued");
        assertEquals("bridge", conversations.findRoom(next.roomId()).orElseThrow().alias(), "no alias: the app id");
    }

    @Test
    void openRoomSaysWhetherItOpenedTheRoom() {
        ChannelRoom opened = conversations.openRoom(token, null);
        assertTrue(opened.created() && opened.open());
        ChannelRoom again = conversations.openRoom(token, null);
        assertEquals(opened.id(), again.id());
        assertFalse(again.created());
        assertThrows(VisitorNotFoundException.class, () -> conversations.openRoom("nobody", null));
        assertThrows(IllegalArgumentException.class, () -> conversations.openRoom(" ", null));
    }

    @Test
    void aRoomOfAnotherSourceRefusesTheAppAndStaysInvisibleToIt() {
        String widgetRoom = conversations.openRoomElsewhere(token);
        assertThrows(RoomUnavailableException.class, () -> conversations.post(token, null, text("wamid.1", "Oi")));
        assertThrows(RoomUnavailableException.class, () -> conversations.openRoom(token, null));
        assertTrue(conversations.findRoom(widgetRoom).isEmpty(), "findRoom sees only the app's rooms");
        assertTrue(conversations.message("wamid.1").isEmpty(), "nothing stored");

        conversations.closeRoom(widgetRoom);
        assertTrue(conversations.post(token, null, text("wamid.1", "Oi")).created());
    }

    @Test
    void contentIsRenderedAsAgentsReadItAndChannelIdsAreBounded() {
        PostedMessage posted = conversations.post(token, null, InboundMessage.of("wamid.img", Instant.EPOCH,
                new MessageContent.Media(MessageContent.MediaKind.IMAGE, "media-1", "image/jpeg", null, null, null,
                        null)));
        FakeConversations.Message message = conversations.message("wamid.img").orElseThrow();
        assertEquals("[image]", message.text());
        assertEquals(posted.messageId(), message.id());
        assertEquals(FakeConversations.Direction.IN, message.direction());
        assertThrows(IllegalArgumentException.class, () -> conversations.post(token, null,
                text("w".repeat(dev.switchboard.spi.Conversations.MAX_CHANNEL_MESSAGE_ID_LENGTH + 1), "x")));
    }

    @Test
    void editsAndRevokesReachOnlyLiveInboundMessages() {
        conversations.post(token, null, text("wamid.1", "pedido 4711"));
        assertEquals("pedido 4712", conversations.edit("wamid.1", "pedido 4712").map(p -> {
            return conversations.message(p.channelMessageId()).orElseThrow().text();
        }).orElseThrow());
        assertTrue(conversations.message("wamid.1").orElseThrow().edited());
        assertTrue(conversations.edit("wamid.none", "x").isEmpty());

        assertTrue(conversations.revoke("wamid.1"));
        assertFalse(conversations.revoke("wamid.1"), "already revoked");
        FakeConversations.Message revoked = conversations.message("wamid.1").orElseThrow();
        assertTrue(revoked.revoked());
        assertEquals("", revoked.text());
        assertTrue(conversations.edit("wamid.1", "back").isEmpty(), "a revoked message cannot be edited");
        assertFalse(conversations.post(token, null, text("wamid.1", "pedido 4711")).created(),
                "a retried delivery does not bring it back");
    }

    @Test
    void receiptsMoveAnAgentMessageForwardAndFailedReplacesAllButRead() {
        String rid = conversations.post(token, null, text("wamid.1", "Oi")).roomId();
        FakeChannelDeliveries deliveries = new FakeChannelDeliveries(context,
                (message, ctx) -> java.util.concurrent.CompletableFuture.completedFuture(
                        dev.switchboard.spi.DeliveryResult.delivered("out-" + message.text())));
        conversations.agentWrites(rid, "a");
        conversations.agentWrites(rid, "b");
        deliveries.deliverDue();
        deliveries.deliverDue();
        assertTrue(conversations.receipt("out-a", Receipt.of(Receipt.Status.DELIVERED, null)));
        assertTrue(conversations.receipt("out-a", Receipt.of(Receipt.Status.SENT, null)), "known, but late");
        assertEquals("delivered", conversations.message("out-a").orElseThrow().status());
        assertTrue(conversations.receipt("out-a", Receipt.of(Receipt.Status.READ, null)));
        ChannelError error = ChannelError.of("131047", "Re-engagement message");
        conversations.receipt("out-a", Receipt.failed(error, null));
        assertEquals("read", conversations.message("out-a").orElseThrow().status(), "read stays read");

        conversations.receipt("out-b", Receipt.of(Receipt.Status.DELIVERED, null));
        conversations.receipt("out-b", Receipt.failed(error, null));
        FakeConversations.Message failed = conversations.message("out-b").orElseThrow();
        assertEquals("failed", failed.status());
        assertEquals(error, failed.error());
        conversations.receipt("out-b", Receipt.of(Receipt.Status.READ, null));
        assertEquals("failed", conversations.message("out-b").orElseThrow().status(), "nothing after failed");

        assertFalse(conversations.receipt("wamid.1", Receipt.of(Receipt.Status.READ, null)),
                "an inbound message gets no receipts");
        assertFalse(conversations.receipt("out-none", Receipt.of(Receipt.Status.READ, null)));
    }

    @Test
    void agentsWriteOnlyIntoTheAppsOpenRoomsAndAnOutageFailsEveryCall() {
        String rid = conversations.post(token, null, text("wamid.1", "Oi")).roomId();
        String id = conversations.agentWrites(rid, "Olá!");
        FakeConversations.Message pending = conversations.messageById(id);
        assertEquals("pending", pending.status());
        assertNull(pending.channelMessageId());
        conversations.closeRoom(rid);
        assertThrows(IllegalArgumentException.class, () -> conversations.agentWrites(rid, "tarde"));

        HostUnavailableException outage = new HostUnavailableException("the store did not answer", null);
        conversations.failEveryCall(outage);
        assertSame(outage, assertThrows(HostUnavailableException.class,
                () -> conversations.post(token, null, text("wamid.2", "Oi"))));
        assertThrows(HostUnavailableException.class, () -> conversations.findRoom(rid));
        conversations.stopFailing();
        assertTrue(conversations.post(token, null, text("wamid.2", "Oi")).created());
    }

    @Test
    void postAllPostsInOrderAndRefusesOnlyTheMessagesPostThrowsFor() {
        String elsewhere = context.fakeVisitors().register(VisitorRegistration.builder("tok-2").build()).token();
        conversations.openRoomElsewhere(elsewhere);
        java.util.List<dev.switchboard.spi.PostOutcome> outcomes = conversations.postAll(java.util.List.of(
                new dev.switchboard.spi.ChannelPost(token, null, text("wamid.a", "um")),
                new dev.switchboard.spi.ChannelPost(elsewhere, null, text("wamid.b", "dois")),
                new dev.switchboard.spi.ChannelPost("no-such-token", null, text("wamid.c", "três")),
                new dev.switchboard.spi.ChannelPost(token, null, text("wamid.a", "um de novo"))));
        assertTrue(outcomes.get(0).posted().created());
        assertEquals(dev.switchboard.spi.PostOutcome.Refusal.ROOM_UNAVAILABLE, outcomes.get(1).refusal());
        assertEquals(dev.switchboard.spi.PostOutcome.Refusal.VISITOR_NOT_FOUND, outcomes.get(2).refusal());
        assertFalse(outcomes.get(3).posted().created());
        assertEquals(outcomes.get(0).posted().messageId(), outcomes.get(3).posted().messageId());

        String tooLong = "w".repeat(dev.switchboard.spi.Conversations.MAX_CHANNEL_MESSAGE_ID_LENGTH + 1);
        assertThrows(IllegalArgumentException.class, () -> conversations.postAll(java.util.List.of(
                new dev.switchboard.spi.ChannelPost(token, null, text("wamid.d", "quatro")),
                new dev.switchboard.spi.ChannelPost(token, null, text(tooLong, "longo")))));
        assertTrue(conversations.message("wamid.d").isEmpty(), "a bad message posts none of the list");
    }
}
