package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ChannelRoom;
import dev.switchboard.spi.DeliveryResult;
import dev.switchboard.spi.ExternalIdentity;
import dev.switchboard.spi.HostUnavailableException;
import dev.switchboard.spi.MessageContent;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorRegistration;
import dev.switchboard.testkit.FakeChannelDeliveries;
import dev.switchboard.testkit.FakeConversations;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Signed deliveries of every kind, run through the bridge to the room messages and receipts they end as. */
class RoomsTest extends BridgeDeliveries {

    private FakeConversations rooms() {
        return ctx.conversations();
    }

    private Visitor byBsuid(String bsuid) {
        return ctx.fakeVisitors().findByEntityId(bsuid).orElseThrow();
    }

    private ChannelRoom roomOf(Visitor visitor) {
        return rooms().rooms().stream().filter(room -> room.visitorToken().equals(visitor.token())).findFirst()
                .orElseThrow(() -> new AssertionError("no room of " + visitor));
    }

    /** Every inbound message the bridge posted, in every room. */
    private List<FakeConversations.Message> posted() {
        return rooms().rooms().stream().flatMap(room -> rooms().messages(room.id()).stream())
                .filter(message -> message.direction() == FakeConversations.Direction.IN).toList();
    }

    private FakeConversations.Message posted(String wamid) {
        return rooms().message(wamid).orElseThrow(() -> new AssertionError(wamid + " not posted"));
    }

    /** An agent's reply in Ana's room that Meta accepted as {@code wamid}, as the host records it. */
    private void agentReplySentAs(String wamid) {
        String rid = roomOf(byBsuid(ANA)).id();
        rooms().agentWrites(rid, "Olá, Ana");
        new FakeChannelDeliveries(ctx, (message, context) ->
                CompletableFuture.completedFuture(DeliveryResult.delivered(wamid))).deliverDue();
        assertEquals("accepted", posted(wamid).status());
    }

    @Test
    void everyKindEndsAsAMessageOfTheVisitorsRoomOrAChangeToOne() {
        deliver(Fixtures.text("every-kind.json"));
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty(), "retired after the room writes");
        Visitor ana = byBsuid(ANA);
        // 19 messages: 17 posts (the edit and the revoke change earlier ones)
        assertEquals(17, posted().size());
        assertEquals(2, rooms().rooms().size(), "Ana's room and Kenji's room");
        String anasRoom = roomOf(ana).id();
        assertEquals("WhatsApp +15550783881", roomOf(ana).alias());
        assertTrue(posted().stream().filter(m -> !m.channelMessageId().equals("wamid.KIND-18"))
                .allMatch(m -> m.roomId().equals(anasRoom)));
        assertEquals(new MessageContent.Text("Oi, preciso de ajuda com o pedido 4711"),
                posted("wamid.KIND-01").inbound().content());
        assertEquals("Oi, preciso de ajuda com o pedido 4712", posted("wamid.KIND-01").text(), "edited");
        assertTrue(posted("wamid.KIND-01").edited());
        assertTrue(posted("wamid.KIND-02").revoked(), "revoked");
        assertEquals("ad", posted("wamid.KIND-01").inbound().referral().sourceType());
        assertEquals("wamid.OUT-LIST", posted("wamid.KIND-09").inbound().replyTo());
        assertEquals("131051", posted("wamid.KIND-14").inbound().errors().get(0).code());
        assertEquals("order", ((MessageContent.Other) posted("wamid.KIND-13").inbound().content()).kind());

        Visitor kenji = byBsuid("JP.9999000011112222");
        assertEquals("WhatsApp +15550783882", roomOf(kenji).alias());
        assertEquals("system", ((MessageContent.Other) posted("wamid.KIND-18").inbound().content()).kind());
    }

    @Test
    void theWindowFollowsTheVisitorsNewestMessageNotSystemNotices() {
        deliver(Fixtures.text("every-kind.json"));
        ServiceWindow window = new ServiceWindow(ctx.store());
        assertEquals(1781690418L, window.lastInbound(byBsuid(ANA).id()).orElseThrow(), "KIND-19's time");
        assertTrue(window.lastInbound(byBsuid("JP.9999000011112222").id()).isEmpty(),
                "a changed number is not the user writing");
    }

    @Test
    void malformedItemsOfADeliveryLoseNothingOfTheOthers() {
        String message = "{\"from_user_id\":\"BR.1502576394655843\",\"id\":\"%s\",\"timestamp\":\"%s\","
                + "\"type\":\"%s\",\"text\":{\"body\":\"%s\"}%s}";
        String messages = String.join(",",
                message.formatted("wamid.GOOD", "1781690400", "text", "still here", ""),
                message.formatted("wamid.FAR", "9223372036854775807", "text", "a time no one sends", ""),
                message.formatted("wamid.FARTHER", "31556889864403199", "text", "beyond 9999", ""),
                message.formatted("wamid.NOKIND", "1781690401", " ", "blank type", ""),
                message.formatted("wamid.BLANK-ERROR", "1781690402", "text", "with an error",
                        ",\"errors\":[{\"code\":131051,\"title\":\" \"}]"),
                message.formatted("a\\ud83d", "1781690403", "text", "a lone surrogate id", ""));
        deliver("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":"
                + "\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"106540352242922\"},"
                + "\"contacts\":[{\"profile\":{\"name\":\"Ana Souza\"},\"user_id\":\"BR.1502576394655843\"}],"
                + "\"statuses\":[{\"id\":\" \",\"status\":\"read\",\"timestamp\":\"1781690400\"}],"
                + "\"messages\":[" + messages + "]}}]}]}");
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty(), "processed, not left to fail");
        assertTrue(ctx.store().keys(Inbox.DEAD_PREFIX).isEmpty(), "nothing buried");
        assertEquals("still here", posted("wamid.GOOD").text());
        assertNull(posted("wamid.FAR").inbound().sentAt(), "an implausible time is no time");
        assertNull(posted("wamid.FARTHER").inbound().sentAt());
        assertEquals("unknown", ((MessageContent.Other) posted("wamid.NOKIND").inbound().content()).kind());
        assertEquals("Error 131051", posted("wamid.BLANK-ERROR").inbound().errors().get(0).title());
        assertEquals(5, posted().size(), "the message whose id no store keeps is not posted");
    }

    @Test
    void aRetriedDeliveryAddsNothing() {
        deliver(Fixtures.text("text-no-phone-username.json"));
        deliver(Fixtures.text("text-no-phone-username.json"));
        assertEquals(1, posted().size());
        assertEquals(1, rooms().rooms().size());
    }

    @Test
    void statusesBecomeReceiptsOfTheAgentsMessagesTheyName() {
        deliver(Fixtures.text("text-no-phone-username.json"));
        agentReplySentAs("wamid.OUT-1");
        agentReplySentAs("wamid.OUT-2");
        deliver(Fixtures.text("statuses-every-kind.json"));
        assertEquals("read", posted("wamid.OUT-1").status());
        FakeConversations.Message failed = posted("wamid.OUT-2");
        assertEquals("failed", failed.status());
        assertEquals("131047", failed.error().code());
        assertEquals("Re-engagement message", failed.error().title());
        assertTrue(rooms().message("wamid.OUT-3").isEmpty(), "not an agent message of this app");
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
    }

    @Test
    void aStatusThatOvertakesTheSendItNamesWaitsForIt() {
        deliver(Fixtures.text("text-no-phone-username.json"));
        String now = Long.toString(System.currentTimeMillis() / 1000);
        String status = Fixtures.text("statuses-every-kind.json").replace("\"1781690422\"", "\"" + now + "\"");
        agentReplySentAs("wamid.OUT-2");
        deliver(status);
        assertEquals(1, ctx.store().keys(Inbox.PREFIX).size(), "the read status of OUT-1 is recent: kept");
        assertEquals("failed", posted("wamid.OUT-2").status(), "the others are recorded");
        assertTrue(ctx.store().keys(Inbox.DEAD_PREFIX).isEmpty());

        agentReplySentAs("wamid.OUT-1"); // the host has recorded the send meanwhile
        new DeliveryProcessor(ctx).drain();
        assertEquals("read", posted("wamid.OUT-1").status());
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
    }

    @Test
    void aVisitorInAnotherSourcesRoomKeepsTheDeliveryWithoutBurningAttempts() {
        // Ana chats on the website too: her visitor, known by her BSUID, has the widget's room open.
        Visitor web = ctx.fakeVisitors().register(VisitorRegistration.builder("web-ana").build());
        ctx.fakeVisitors().attachExternalId(web.id(), ExternalIdentity.of(ANA));
        String widgetRoom = rooms().openRoomElsewhere("web-ana");
        for (int i = 0; i < DeliveryProcessor.MAX_ATTEMPTS + 2; i++) {
            deliver(Fixtures.text("text-no-phone-username.json"));
            new DeliveryProcessor(ctx).drain();
        }
        assertTrue(ctx.store().keys(Inbox.DEAD_PREFIX).isEmpty(), "never buried");
        assertFalse(ctx.store().keys(Inbox.PREFIX).isEmpty(), "kept for when that room closes");
        assertTrue(posted().isEmpty());

        rooms().closeRoom(widgetRoom);
        new DeliveryProcessor(ctx).drain();
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
        assertEquals(1, posted().size(), "once, however often it was delivered");
        assertEquals(web.id(), roomOf(web).visitorId(), "in a room of her own visitor");
    }

    @Test
    void theEntryStaysUntilTheRoomWriteCommits() {
        rooms().failEveryCall(new HostUnavailableException("database down", null));
        deliver(Fixtures.text("text-no-phone-username.json"));
        assertEquals(1, ctx.store().keys(Inbox.PREFIX).size(), "kept: the message is not in its room yet");
        assertTrue(ctx.store().keys(DeliveryProcessor.SEEN_PREFIX).isEmpty(), "the claim was released");

        rooms().stopFailing();
        new DeliveryProcessor(ctx).drain();
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
        assertEquals(1, posted().size());
    }

    @Test
    void aBatchPostsAUsersMessagesInInboxOrderAndOnlyTheEntryOfARefusedMessageWaits() {
        // Bia chats on the website: her visitor, known by her BSUID, has the widget's room open.
        Visitor web = ctx.fakeVisitors().register(VisitorRegistration.builder("web-bia").build());
        ctx.fakeVisitors().attachExternalId(web.id(), ExternalIdentity.of("BR.2000000000000002"));
        rooms().openRoomElsewhere("web-bia");
        String ana = Fixtures.text("text-no-phone-username.json");
        List<String> order = List.of("A1", "A2", "A3", "A4", "A5");
        for (String n : order) {
            assertEquals(200, endpoint.handle(Fixtures.signedPost(ana.replace("QjdCAA==", n)), ctx).status());
            if (n.equals("A3")) {
                String bia = ana.replace(ANA, "BR.2000000000000002").replace("QjdCAA==", "B1");
                assertEquals(200, endpoint.handle(Fixtures.signedPost(bia), ctx).status());
            }
        }
        ctx.fakeExecutor().dropPending();
        List<String> keys = ctx.store().keys(Inbox.PREFIX);
        java.util.Set<String> kept = new java.util.HashSet<>();

        assertEquals(5, new DeliveryProcessor(ctx).processBatch(keys, kept), "one batch: Ana's five are retired");

        assertEquals(java.util.Set.of(keys.get(3)), kept, "Bia's entry waits for her widget room to close");
        assertEquals(List.of(keys.get(3)), ctx.store().keys(Inbox.PREFIX));
        List<String> wamids = posted().stream().map(FakeConversations.Message::channelMessageId).toList();
        assertEquals(order.stream().map(n -> "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNFQjBDMEE4RjQ1RTlBNzE2" + n)
                .toList(), wamids, "in inbox order");
        assertEquals(5, ctx.store().keys(DeliveryProcessor.SEEN_PREFIX).size(), "only retired entries are marked");
        assertTrue(ctx.store().keys(Inbox.DEAD_PREFIX).isEmpty());
    }
}
