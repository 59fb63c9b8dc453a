package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ExternalId;
import dev.switchboard.spi.RegistrationSource;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorRegistration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import dev.switchboard.testkit.FakeAppContext;
import dev.switchboard.testkit.ForwardingVisitorDirectory;

class LinkingTest extends BridgeDeliveries {

    @Test
    void phoneLessUserIsCreatedByBsuidWithNameAndUsernameInMetadata() {
        deliver(Fixtures.text("text-no-phone-username.json"));
        Visitor v = only();
        assertEquals("Ana Souza", v.name());
        assertTrue(v.phones().isEmpty(), "a BSUID never goes where a phone belongs");
        assertEquals("@ana.souza", meta(v, ANA).get("username"));
        assertEquals("106540352242922", meta(v, ANA).get("phoneNumberId"));
        assertEquals("bsuid", meta(v, ANA).get("type"));
        assertNotNull(v.token());
    }

    @Test
    void laterDeliveryWithPhoneAndParentEnrichesTheSameVisitor() {
        deliver(Fixtures.text("text-no-phone-username.json"));
        deliver(Fixtures.text("text-phone-parent.json"));
        Visitor v = only();
        assertEquals(List.of("+5511987654321"), v.phones());
        assertEquals("parent_bsuid", meta(v, ANA_PARENT).get("type"));
        assertEquals(2, v.externalIdsOf(Fixtures.APP_ID).size());
    }

    @Test
    void progressiveEnrichmentOfARestVisitorByPhoneDigits() {
        Visitor rest = ctx.fakeVisitors().registerFromRest(VisitorRegistration.builder("rest-token").name("Ana (site)")
                .phone("+55 11 98765-4321").build());
        deliver(Fixtures.text("text-phone-parent.json"));
        Visitor v = only();
        assertEquals(rest.id(), v.id());
        assertEquals("Ana (site)", v.name());
        assertTrue(v.externalId(Fixtures.APP_ID, ANA).isPresent());
        assertTrue(v.externalId(Fixtures.APP_ID, ANA_PARENT).isPresent());
    }

    @Test
    void resolutionOrderIsParentThenBsuidThenPhone() {
        // three different visitors each hold one of Ana's keys
        Visitor byPhone = ctx.fakeVisitors().register(VisitorRegistration.builder("p").phone("+5511987654321").build());
        Visitor byBsuid = ctx.fakeVisitors().register(VisitorRegistration.builder("b").name("B").build());
        ctx.fakeVisitors().attachExternalId(byBsuid.id(), dev.switchboard.spi.ExternalIdentity.of(ANA));
        Visitor byParent = ctx.fakeVisitors().register(VisitorRegistration.builder("q").name("Q").build());
        ctx.fakeVisitors().attachExternalId(byParent.id(), dev.switchboard.spi.ExternalIdentity.of(ANA_PARENT));
        deliver(Fixtures.text("text-phone-parent.json"));
        assertEquals(3, ctx.fakeVisitors().all().size(), "never merges");
        // the parent's visitor was chosen; the BSUID stays with its holder (conflict logged, not stolen)
        Visitor parent = ctx.fakeVisitors().findByToken("q").orElseThrow();
        assertTrue(parent.externalId(Fixtures.APP_ID, ANA_PARENT).isPresent());
        assertTrue(ctx.fakeVisitors().findByToken("b").orElseThrow().externalId(Fixtures.APP_ID, ANA).isPresent());
        assertTrue(ctx.fakeVisitors().findByToken("p").orElseThrow().externalIds().isEmpty());

        // without the parent: the BSUID's holder wins over the phone's
        FakeAppContext c2 = Fixtures.context();
        Visitor phoneHolder = c2.fakeVisitors().register(VisitorRegistration.builder("p").phone("+5511987654321").build());
        Visitor idHolder = c2.fakeVisitors().register(VisitorRegistration.builder("b").build());
        c2.fakeVisitors().attachExternalId(idHolder.id(), dev.switchboard.spi.ExternalIdentity.of(ANA));
        String noParent = Fixtures.text("text-phone-parent.json").replace(ANA_PARENT, "");
        assertEquals(200, endpoint.handle(Fixtures.signedPost(noParent), c2).status());
        c2.fakeExecutor().runPending();
        assertEquals(2, c2.fakeVisitors().all().size());
        assertTrue(c2.fakeVisitors().findByToken("p").orElseThrow().externalIds().isEmpty());
        assertNotNull(phoneHolder);
    }

    @Test
    void usernameIsMetadataUpdatedWhenItChangesAndRemovedWhenDropped() {
        deliver(Fixtures.text("text-no-phone-username.json"));
        deliver(Fixtures.text("text-no-phone-username.json").replace("@ana.souza", "@ana.s").replace("QjdCAA==", "Yz01"));
        assertEquals("@ana.s", meta(only(), ANA).get("username"));
        deliver(Fixtures.text("text-no-phone-username.json").replace(", \"username\": \"@ana.souza\"", "")
                .replace("QjdCAA==", "Yz02"));
        assertNull(meta(only(), ANA).get("username"));
        assertEquals("Ana Souza", only().name());
    }

    @Test
    void sameDeliveryTwiceIsProcessedOnce() {
        String body = Fixtures.text("text-no-phone-username.json");
        deliver(body);
        Visitor first = only();
        // detach so that a second processing would be visible
        ctx.fakeVisitors().detachExternalId(first.id(), ANA);
        deliver(body);
        assertEquals(1, ctx.fakeVisitors().all().size());
        assertFalse(only().externalId(Fixtures.APP_ID, ANA).isPresent(), "the duplicate wamid was not processed");
        assertEquals(1, ctx.store().keys(DeliveryProcessor.SEEN_PREFIX).size());
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
    }

    @Test
    void twentyFourConcurrentDeliveriesForANewBsuidMakeOneVisitor() throws Exception {
        String body = Fixtures.text("text-no-phone-username.json");
        ExecutorService pool = Executors.newFixedThreadPool(24);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String each = i % 2 == 0 ? body : body.replace("QjdCAA==", "Yz" + i);  // duplicates and distinct wamids
            futures.add(pool.submit(() -> {
                start.await();
                assertEquals(200, endpoint.handle(Fixtures.signedPost(each), ctx).status());
                ctx.fakeExecutor().runPending();  // several threads run the waiting tasks at once
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        ctx.fakeExecutor().runPending();
        assertEquals(1, ctx.fakeVisitors().all().size(), "one visitor, created once");
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
        assertEquals(13, ctx.store().keys(DeliveryProcessor.SEEN_PREFIX).size());
    }

    @Test
    void severalMessagesInOneDeliveryAreAllProcessed() {
        deliver(Fixtures.text("batch.json"));
        assertEquals(3, ctx.fakeVisitors().all().size());
        Visitor kenji = ctx.fakeVisitors().findByEntityId("JP.5555666677778888").orElseThrow();
        assertEquals(List.of("+819012345678"), kenji.phones());
        assertTrue(kenji.externalId(Fixtures.APP_ID, "JP.ENT.1234123412341234").isPresent());
        assertEquals("106540352242923",
                meta(ctx.fakeVisitors().findByEntityId("GB.9090909090909090").orElseThrow(), "GB.9090909090909090")
                        .get("phoneNumberId"));
        assertEquals(4, ctx.store().keys(DeliveryProcessor.SEEN_PREFIX).size());
    }

    @Test
    void userChangedNumberAttachesTheNewIdsAndKeepsTheOld() {
        Visitor v = sameVisitorAfter(Fixtures.text("text-phone-no-username-unicode.json"),
                Fixtures.text("user-changed-number.json"));
        assertTrue(v.externalId(Fixtures.APP_ID, "DE.2233445566778899").isPresent(), "old BSUID kept");
        assertTrue(v.externalId(Fixtures.APP_ID, "DE.5566778899001122").isPresent(), "new BSUID attached");
        assertEquals("DE.5566778899001122", meta(v, "DE.2233445566778899").get("supersededBy"));
        assertEquals(List.of("+4917698765432"), v.phones());
        assertEquals("DE.5566778899001122",
                new ContactBook(ctx.store(), ctx.json()).lookup("4917698765432").orElseThrow().bsuid());
        // a late message from the old BSUID still resolves to the same visitor
        deliver(Fixtures.text("text-phone-no-username-unicode.json").replace("6QjdCQUQA", "6QjdCQUQB"));
        assertEquals(v.id(), only().id());
    }

    @Test
    void userChangedUserIdAndUserIdUpdateAttachToTheSameVisitor() {
        deliver(Fixtures.text("text-phone-parent.json"));
        deliver(Fixtures.text("user-changed-user-id.json"));
        deliver(Fixtures.text("user-id-update.json"));
        Visitor v = only();
        for (String id : List.of(ANA, ANA_PARENT, "BR.7700000000000001", "BR.ENT.99900000000000000001",
                "BR.7700000000000002")) {
            assertTrue(v.externalId(Fixtures.APP_ID, id).isPresent(), id);
        }
        assertEquals("parent_bsuid", meta(v, "BR.ENT.99900000000000000001").get("type"));
        assertEquals(List.of("+5511987654321"), v.phones());
    }

    @Test
    void rotationForAnUnknownPersonCreatesOneVisitorWithBothIds() {
        deliver(Fixtures.text("user-changed-user-id.json"));
        Visitor v = only();
        assertTrue(v.externalId(Fixtures.APP_ID, ANA).isPresent());
        assertTrue(v.externalId(Fixtures.APP_ID, "BR.7700000000000001").isPresent());
    }

    @Test
    void aCrashAfterTheAnswerLosesNothing() {
        String body = Fixtures.text("text-no-phone-username.json");
        assertEquals(200, endpoint.handle(Fixtures.signedPost(body), ctx).status());
        ctx.fakeExecutor().dropPending();  // the process died before the task ran
        assertTrue(ctx.fakeVisitors().all().isEmpty());
        // restart: enable drains the inbox
        new WhatsAppBridgeApp().onEnable(ctx);
        ctx.fakeExecutor().runPending();
        assertEquals(1, ctx.fakeVisitors().all().size());
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
    }

    @Test
    void aClaimLeftByAnEarlierVersionDoesNotCountAsDone() {
        String body = Fixtures.text("text-no-phone-username.json");
        endpoint.handle(Fixtures.signedPost(body), ctx);
        ctx.fakeExecutor().dropPending();
        String inboxKey = ctx.store().keys(Inbox.PREFIX).get(0);
        String seen = DeliveryProcessor.seenKey(
                "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNFQjBDMEE4RjQ1RTlBNzE2QjdCAA==", "1781690400");
        ctx.store().put(seen, ("{\"state\":\"claimed\",\"run\":\"dead-run\",\"inbox\":\"" + inboxKey + "\",\"at\":1}")
                .getBytes(StandardCharsets.UTF_8));
        new DeliveryProcessor(ctx).drain();
        assertEquals(1, ctx.fakeVisitors().all().size());
        assertEquals(1, ctx.conversations().message(
                "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNFQjBDMEE4RjQ1RTlBNzE2QjdCAA==").stream().count());
        assertTrue(new String(ctx.store().get(seen).orElseThrow(), StandardCharsets.UTF_8).contains("done"));
    }

    @Test
    void theSameMessageInTwoPendingEntriesIsPostedOnceAndMarkedDone() {
        String body = Fixtures.text("text-no-phone-username.json");
        endpoint.handle(Fixtures.signedPost(body), ctx);
        endpoint.handle(Fixtures.signedPost(body), ctx);  // Meta's retry, while the first still waits
        ctx.fakeExecutor().dropPending();
        List<String> keys = ctx.store().keys(Inbox.PREFIX);
        assertTrue(new DeliveryProcessor(ctx).process(keys.get(1)));
        assertEquals(List.of(keys.get(0)), ctx.store().keys(Inbox.PREFIX));
        new DeliveryProcessor(ctx).drain();
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
        assertEquals(1, ctx.fakeVisitors().all().size());
        String room = ctx.conversations().rooms().get(0).id();
        assertEquals(1, ctx.conversations().messages(room).size(), "the host keeps one message per wamid");
        assertEquals(1, ctx.store().keys(DeliveryProcessor.SEEN_PREFIX).size());
    }

    @Test
    void aBatchWithAFailingEntryProcessesTheOthersAndCountsOnlyThatOne() {
        FakeAppContext failing = failingLookups(ANA_PARENT::equals, "a bug with this entry only");
        endpoint.handle(Fixtures.signedPost(Fixtures.text("text-no-phone-username.json")), failing);
        endpoint.handle(Fixtures.signedPost(Fixtures.text("text-phone-parent.json")), failing);
        endpoint.handle(Fixtures.signedPost(Fixtures.text("batch.json")), failing);
        failing.fakeExecutor().dropPending();
        List<String> keys = failing.store().keys(Inbox.PREFIX);
        java.util.Set<String> kept = new java.util.HashSet<>();
        DeliveryProcessor processor = new DeliveryProcessor(failing);
        assertEquals(2, processor.processBatch(keys, kept), "the good entries, one by one after the batch failed");
        assertEquals(java.util.Set.of(keys.get(1)), kept);
        assertEquals(List.of(keys.get(1)), failing.store().keys(Inbox.PREFIX));
        for (int i = 1; i < DeliveryProcessor.MAX_ATTEMPTS; i++) {
            processor.processBatch(List.of(keys.get(1)), kept);
        }
        assertTrue(failing.store().keys(Inbox.PREFIX).isEmpty());
        assertEquals(List.of(Inbox.DEAD_PREFIX + keys.get(1).substring(Inbox.PREFIX.length())),
                failing.store().keys(Inbox.DEAD_PREFIX), "only the failing entry is buried");
        assertEquals(4, failing.fakeVisitors().all().size(), "Ana (first entry) and the three of batch.json");
    }

    @Test
    void aFailingEntryIsKeptThenBuried() {
        FakeAppContext failing = failingLookups(id -> true, "database unavailable");
        endpoint.handle(Fixtures.signedPost(Fixtures.text("text-phone-parent.json")), failing);
        failing.fakeExecutor().runPending();
        assertEquals(1, failing.store().keys(Inbox.PREFIX).size(), "kept for the next drain");
        assertTrue(failing.store().keys(DeliveryProcessor.SEEN_PREFIX).isEmpty(), "claim released");
        for (int i = 0; i < DeliveryProcessor.MAX_ATTEMPTS; i++) {
            new DeliveryProcessor(failing).drain();
        }
        assertTrue(failing.store().keys(Inbox.PREFIX).isEmpty());
        assertEquals(1, failing.store().keys(Inbox.DEAD_PREFIX).size());
    }

    @Test
    void oldMessageIdsArePrunedInKeyOrder() {
        long now = 1_781_690_400_000L;
        ctx.store().put(DeliveryProcessor.seenKey("wamid.old", String.valueOf(now / 1000 - 20 * 86_400)), new byte[0]);
        ctx.store().put(DeliveryProcessor.seenKey("wamid.new", String.valueOf(now / 1000 - 86_400)), new byte[0]);
        ctx.store().put(DeliveryProcessor.seenKey("wamid.none", null), new byte[0]);
        assertEquals(1, new DeliveryProcessor(ctx, () -> now).pruneSeen());
        assertEquals(2, ctx.store().keys(DeliveryProcessor.SEEN_PREFIX).size());
    }

    @Test
    void metadataHoldsNoMessageText() {
        deliver(Fixtures.text("batch.json"));
        for (Visitor v : ctx.fakeVisitors().all()) {
            for (ExternalId id : v.externalIds()) {
                assertFalse(id.metadata().toString().contains("commande"));
            }
        }
        for (String key : ctx.store().keys("")) {
            assertFalse(new String(ctx.store().get(key).orElseThrow(), StandardCharsets.UTF_8).contains("commande"));
        }
    }

    /** A context whose directory fails every look-up by entity id that {@code fails} accepts. */
    private static FakeAppContext failingLookups(java.util.function.Predicate<String> fails, String why) {
        FakeAppContext failing = Fixtures.context();
        failing.withVisitors(new ForwardingVisitorDirectory(failing.fakeVisitors()) {
            @Override
            public java.util.Optional<Visitor> findByEntityId(String entityId) {
                if (fails.test(entityId)) {
                    throw new IllegalStateException(why);
                }
                return super.findByEntityId(entityId);
            }
        });
        return failing;
    }
}
