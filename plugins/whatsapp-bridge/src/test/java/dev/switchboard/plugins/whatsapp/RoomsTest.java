package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.HostUnavailableException;
import dev.switchboard.spi.MessageContent;
import dev.switchboard.spi.Receipt;
import dev.switchboard.spi.Visitor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signed deliveries of every kind, run through the bridge to the room messages and receipts they end as. */
class RoomsTest extends BridgeDeliveries {

    private Fakes.Conversations rooms() {
        return ctx.conversations;
    }

    private Visitor byBsuid(String bsuid) {
        return ctx.directory.findByEntityId(bsuid).orElseThrow();
    }

    @Test
    void everyKindEndsAsAMessageOfTheVisitorsRoomOrAChangeToOne() {
        deliver(Fixtures.text("every-kind.json"));
        assertTrue(ctx.store.keys(Inbox.PREFIX).isEmpty(), "retired after the room writes");
        Visitor ana = byBsuid(ANA);
        Map<String, Fakes.Conversations.Posted> posted = rooms().posted;
        // 19 messages: 17 posts (the edit and the revoke change earlier ones)
        assertEquals(17, posted.size());
        assertEquals(2, rooms().rooms.size(), "Ana's room and Kenji's room");
        String anasRoom = rooms().rooms.get(ana.token()).id();
        assertEquals("WhatsApp +15550783881", rooms().rooms.get(ana.token()).alias());
        assertTrue(posted.entrySet().stream().filter(e -> !e.getKey().equals("wamid.KIND-18"))
                .allMatch(e -> e.getValue().roomId().equals(anasRoom)));
        assertEquals(new MessageContent.Text("Oi, preciso de ajuda com o pedido 4711"),
                posted.get("wamid.KIND-01").message().content());
        assertEquals("Oi, preciso de ajuda com o pedido 4712", posted.get("wamid.KIND-01").text(), "edited");
        assertTrue(posted.get("wamid.KIND-02").revoked(), "revoked");
        assertEquals("ad", posted.get("wamid.KIND-01").message().referral().sourceType());
        assertEquals("wamid.OUT-LIST", posted.get("wamid.KIND-09").message().replyTo());
        assertEquals("131051", posted.get("wamid.KIND-14").message().errors().get(0).code());
        assertEquals("order", ((MessageContent.Other) posted.get("wamid.KIND-13").message().content()).kind());

        Visitor kenji = byBsuid("JP.9999000011112222");
        assertEquals("WhatsApp +15550783882", rooms().rooms.get(kenji.token()).alias());
        assertEquals("system", ((MessageContent.Other) posted.get("wamid.KIND-18").message().content()).kind());
    }

    @Test
    void theWindowFollowsTheVisitorsNewestMessageNotSystemNotices() {
        deliver(Fixtures.text("every-kind.json"));
        ServiceWindow window = new ServiceWindow(ctx.store);
        assertEquals(1781690418L, window.lastInbound(byBsuid(ANA).id()).orElseThrow(), "KIND-19's time");
        assertTrue(window.lastInbound(byBsuid("JP.9999000011112222").id()).isEmpty(),
                "a changed number is not the user writing");
    }

    @Test
    void aRetriedDeliveryAddsNothing() {
        deliver(Fixtures.text("text-no-phone-username.json"));
        deliver(Fixtures.text("text-no-phone-username.json"));
        assertEquals(1, rooms().posted.size());
        assertEquals(1, rooms().rooms.size());
    }

    @Test
    void statusesBecomeReceiptsOfTheAgentsMessagesTheyName() {
        rooms().agentMessages.addAll(List.of("wamid.OUT-1", "wamid.OUT-2"));
        deliver(Fixtures.text("statuses-every-kind.json"));
        assertEquals(Receipt.Status.READ, rooms().receipts.get("wamid.OUT-1").status());
        Receipt failed = rooms().receipts.get("wamid.OUT-2");
        assertEquals(Receipt.Status.FAILED, failed.status());
        assertEquals("131047", failed.error().code());
        assertEquals("Re-engagement message", failed.error().title());
        assertNull(rooms().receipts.get("wamid.OUT-3"), "not an agent message of this app");
        assertTrue(ctx.store.keys(Inbox.PREFIX).isEmpty());
    }

    @Test
    void aStatusThatOvertakesTheSendItNamesWaitsForIt() {
        String now = Long.toString(System.currentTimeMillis() / 1000);
        String status = Fixtures.text("statuses-every-kind.json").replace("\"1781690422\"", "\"" + now + "\"");
        rooms().agentMessages.add("wamid.OUT-2");
        deliver(status);
        assertEquals(1, ctx.store.keys(Inbox.PREFIX).size(), "the read status of OUT-1 is recent: kept");
        assertEquals(Receipt.Status.FAILED, rooms().receipts.get("wamid.OUT-2").status(), "the others are recorded");
        assertTrue(ctx.store.keys(Inbox.DEAD_PREFIX).isEmpty());

        rooms().agentMessages.add("wamid.OUT-1"); // the host has recorded the send meanwhile
        new DeliveryProcessor(ctx).drain();
        assertEquals(Receipt.Status.READ, rooms().receipts.get("wamid.OUT-1").status());
        assertTrue(ctx.store.keys(Inbox.PREFIX).isEmpty());
    }

    @Test
    void aVisitorInAnotherSourcesRoomKeepsTheDeliveryWithoutBurningAttempts() {
        rooms().unavailable = true;
        for (int i = 0; i < DeliveryProcessor.MAX_ATTEMPTS + 2; i++) {
            deliver(Fixtures.text("text-no-phone-username.json"));
            new DeliveryProcessor(ctx).drain();
        }
        assertTrue(ctx.store.keys(Inbox.DEAD_PREFIX).isEmpty(), "never buried");
        assertFalse(ctx.store.keys(Inbox.PREFIX).isEmpty(), "kept for when that room closes");
        assertTrue(rooms().posted.isEmpty());

        rooms().unavailable = false;
        new DeliveryProcessor(ctx).drain();
        assertTrue(ctx.store.keys(Inbox.PREFIX).isEmpty());
        assertEquals(1, rooms().posted.size(), "once, however often it was delivered");
    }

    @Test
    void theEntryStaysUntilTheRoomWriteCommits() {
        rooms().failure = new HostUnavailableException("database down", null);
        deliver(Fixtures.text("text-no-phone-username.json"));
        assertEquals(1, ctx.store.keys(Inbox.PREFIX).size(), "kept: the message is not in its room yet");
        assertTrue(ctx.store.keys(DeliveryProcessor.SEEN_PREFIX).isEmpty(), "the claim was released");

        rooms().failure = null;
        new DeliveryProcessor(ctx).drain();
        assertTrue(ctx.store.keys(Inbox.PREFIX).isEmpty());
        assertEquals(1, rooms().posted.size());
    }
}
