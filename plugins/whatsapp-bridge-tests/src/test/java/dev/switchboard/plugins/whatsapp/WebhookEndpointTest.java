package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppExecutor;
import dev.switchboard.spi.AppHttp;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import dev.switchboard.spi.AppSettings;
import dev.switchboard.spi.Conversations;
import dev.switchboard.spi.JsonCodec;
import dev.switchboard.spi.KeyValueStore;
import dev.switchboard.spi.VisitorDirectory;
import dev.switchboard.testkit.FakeAppContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class WebhookEndpointTest {

    private final FakeAppContext ctx = Fixtures.context();
    private final WebhookEndpoint endpoint = Fixtures.endpoint();

    private static Map<String, List<String>> query(String mode, String token, String challenge) {
        return Map.of("hub.mode", List.of(mode), "hub.verify_token", List.of(token), "hub.challenge", List.of(challenge));
    }

    @Test
    void handshakeEchoesTheChallengeOnlyForTheRightToken() {
        AppResponse ok = endpoint.handle(Fixtures.get(query("subscribe", "verify-me", "1158201444")), ctx);
        assertEquals(200, ok.status());
        assertEquals("1158201444", new String(ok.body(), StandardCharsets.UTF_8));
        assertTrue(ok.headers().get("content-type").startsWith("text/plain"));
        assertEquals(403, endpoint.handle(Fixtures.get(query("subscribe", "wrong", "1")), ctx).status());
        assertEquals(403, endpoint.handle(Fixtures.get(query("unsubscribe", "verify-me", "1")), ctx).status());
        assertEquals(403, endpoint.handle(Fixtures.get(Map.of()), ctx).status());
        // An empty verify token, which the settings API accepts for a required setting, matches nothing.
        ctx.settings().save(Map.of(BridgeSettings.VERIFY_TOKEN, ""));
        assertEquals(403, endpoint.handle(Fixtures.get(query("subscribe", "", "1")), ctx).status());
    }

    @Test
    void unsignedOrBadlySignedPostsAre401AndStoreNothing() {
        byte[] body = Fixtures.text("text-no-phone-username.json").getBytes(StandardCharsets.UTF_8);
        assertEquals(401, endpoint.handle(Fixtures.post(body, null), ctx).status());
        assertEquals(401, endpoint.handle(Fixtures.post(body, Secrets.sign("not-the-secret", body)), ctx).status());
        assertEquals(401, endpoint.handle(Fixtures.post(body, "sha256=deadbeef"), ctx).status());
        assertTrue(ctx.store().keys("").isEmpty());
        assertTrue(ctx.fakeExecutor().pendingCount() == 0);
    }

    @Test
    void malformedJsonWithAValidSignatureIs400() {
        assertEquals(400, endpoint.handle(Fixtures.signedPost("{\"object\": \"whatsapp_business_account\", "), ctx).status());
        assertEquals(400, endpoint.handle(Fixtures.signedPost("[1,2]"), ctx).status());
        assertTrue(ctx.store().keys("").isEmpty());
    }

    @Test
    void aValidDeliveryIsStoredBeforeTheAnswerAndProcessedAfterwards() {
        String body = Fixtures.text("text-no-phone-username.json");
        AppResponse response = endpoint.handle(Fixtures.signedPost(body), ctx);
        assertEquals(200, response.status());
        List<String> inbox = ctx.store().keys(Inbox.PREFIX);
        assertEquals(1, inbox.size());
        assertEquals(body, new String(ctx.store().get(inbox.get(0)).orElseThrow(), StandardCharsets.UTF_8), "raw bytes kept");
        assertTrue(ctx.fakeVisitors().all().isEmpty(), "not processed before the answer");

        ctx.fakeExecutor().runPending();
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
        assertEquals(1, ctx.fakeVisitors().all().size());
        assertTrue(ctx.fakeVisitors().findByEntityId("BR.1502576394655843").isPresent());
    }

    @Test
    void aFloodOfDeliveriesIsAcceptedAndLeftToOneDrainThatTakesThemInBatches() {
        ProcessingLanes lanes = new ProcessingLanes(System::nanoTime);
        WebhookEndpoint busy = new WebhookEndpoint(() -> lanes);
        int deliveries = DeliveryProcessor.MAX_BATCH * ProcessingLanes.CALM_LANES + 3;
        for (int i = 0; i < deliveries; i++) {
            assertEquals(200, busy.handle(Fixtures.signedPost(delivery(i)), ctx).status());
        }
        assertEquals(1, ctx.fakeExecutor().pendingCount(), "one drain, however many deliveries wait");
        assertEquals(deliveries, ctx.store().keys(Inbox.PREFIX).size(), "every delivery stored");

        ctx.fakeExecutor().runPending();
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
        assertEquals(deliveries, ctx.fakeVisitors().all().size());
        assertEquals(deliveries, ctx.conversations().rooms().size(), "each message in its sender's room");
        assertTrue(lanes.tryTake(), "lanes given back");
    }

    @Test
    void aDeliveryAsksForTheDrainOnlyOnceItsEntryIsDurable() {
        DeferredWrites deferred = new DeferredWrites();
        ProcessingLanes lanes = new ProcessingLanes(System::nanoTime);
        assertEquals(200, new WebhookEndpoint(() -> lanes).handle(Fixtures.signedPost(delivery(1)), deferred).status());
        assertEquals(0, deferred.fake.fakeExecutor().pendingCount(),
                "a drain now could list the inbox before the entry is in it");

        deferred.commit();
        assertEquals(1, deferred.fake.fakeExecutor().pendingCount(), "the drain, asked for once the entry is stored");
        deferred.fake.fakeExecutor().runPending();
        assertTrue(deferred.fake.store().keys(Inbox.PREFIX).isEmpty());
        assertEquals(1, deferred.fake.fakeVisitors().all().size());
    }

    /**
     * The kit's context, but {@code putAsync} writes land when the test commits them, as the host's do after a
     * commit.
     */
    private static final class DeferredWrites implements AppContext {
        final FakeAppContext fake = Fixtures.context();
        private final KeyValueStore store = fake.store();
        private final List<Runnable> pending = new ArrayList<>();
        private final KeyValueStore deferring = new KeyValueStore() {
            @Override
            public Optional<byte[]> get(String key) {
                return store.get(key);
            }

            @Override
            public void put(String key, byte[] value) {
                store.put(key, value);
            }

            @Override
            public CompletionStage<Void> putAsync(String key, byte[] value) {
                CompletableFuture<Void> stored = new CompletableFuture<>();
                pending.add(() -> {
                    store.put(key, value);
                    stored.complete(null);
                });
                return stored;
            }

            @Override
            public boolean putIfAbsent(String key, byte[] value) {
                return store.putIfAbsent(key, value);
            }

            @Override
            public boolean delete(String key) {
                return store.delete(key);
            }

            @Override
            public List<String> keys(String prefix, int limit) {
                return store.keys(prefix, limit);
            }
        };

        @Override
        public KeyValueStore store() {
            return deferring;
        }

        @Override
        public String appId() {
            return fake.appId();
        }

        @Override
        public VisitorDirectory visitors() {
            return fake.visitors();
        }

        @Override
        public AppSettings settings() {
            return fake.settings();
        }

        @Override
        public JsonCodec json() {
            return fake.json();
        }

        @Override
        public AppExecutor executor() {
            return fake.executor();
        }

        @Override
        public Conversations conversations() {
            return fake.conversations();
        }

        @Override
        public AppHttp http() {
            return fake.http();
        }

        void commit() {
            pending.forEach(Runnable::run);
            pending.clear();
        }
    }

    /** The fixture text message from a BSUID of its own. */
    private static String delivery(int i) {
        return Fixtures.text("text-no-phone-username.json").replace("BR.1502576394655843", "BR.7700" + i)
                .replace("QjdCAA==", "Lanes" + i);
    }

    @Test
    void otherMethodsAndPaths() {
        assertEquals(405, endpoint.handle(new AppRequest("PUT", "webhook", null, null, null), ctx).status());
        assertEquals(404, endpoint.handle(new AppRequest("GET", "webhook/x", null, null, null), ctx).status());
    }

    @Test
    void statusOnlyDeliveriesAreAcceptedAndCreateNoVisitor() {
        assertEquals(200, endpoint.handle(Fixtures.signedPost(Fixtures.text("status-only.json")), ctx).status());
        ctx.fakeExecutor().runPending();
        assertTrue(ctx.fakeVisitors().all().isEmpty());
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
        // ... but the contact book learnt the pairing
        assertEquals("ES.9988776655443322",
                new ContactBook(ctx.store(), ctx.json()).lookup("34600111222").orElseThrow().bsuid());
    }

    @Test
    void otherObjectsAndFieldsAreAccepted() {
        assertEquals(200, endpoint.handle(Fixtures.signedPost("{\"object\":\"page\",\"entry\":[]}"), ctx).status());
        assertEquals(200, endpoint.handle(Fixtures.signedPost("{\"object\":\"whatsapp_business_account\",\"entry\":"
                + "[{\"changes\":[{\"field\":\"account_update\",\"value\":{}}]}]}"), ctx).status());
        ctx.fakeExecutor().runPending();
        assertTrue(ctx.fakeVisitors().all().isEmpty());
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
    }
}
