package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.HostUnavailableException;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorDirectory;
import dev.switchboard.spi.VisitorRegistration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transient host failures ({@link HostUnavailableException}) must never turn into lost or buried work. */
class HostUnavailableTest {

    private final WebhookEndpoint endpoint = Fixtures.endpoint();

    @BeforeEach
    void freshLanes() {
        ProcessingLanes.renew(); // processors made here share the static lanes: none left busy by another test
    }

    /**
     * A context whose directory's {@code findByEntityId} throws what {@link #failure} supplies, and whose
     * {@code register} of a phone on an existing visitor (by token) throws what {@link #phoneFailure} supplies,
     * while they are set.
     */
    static final class FlakyContext extends Fakes.Context {
        volatile Supplier<RuntimeException> failure;
        volatile Supplier<RuntimeException> phoneFailure;
        final AtomicInteger lookups = new AtomicInteger();
        final Fakes.Directory flaky = new Fakes.Directory() {
            @Override
            public synchronized Optional<Visitor> findByEntityId(String entityId) {
                lookups.incrementAndGet();
                Supplier<RuntimeException> f = failure;
                if (f != null) {
                    throw f.get();
                }
                return super.findByEntityId(entityId);
            }

            @Override
            public synchronized Visitor register(VisitorRegistration r) {
                Supplier<RuntimeException> f = phoneFailure;
                if (f != null && r.token() != null && r.phone() != null) {
                    throw f.get();
                }
                return super.register(r);
            }
        };

        FlakyContext() {
            flaky.hookContext = this;
        }

        @Override
        public VisitorDirectory visitors() {
            return flaky;
        }
    }

    private static HostUnavailableException outage() {
        return new HostUnavailableException("the host did not answer within 30 s", null);
    }

    private void store(FlakyContext ctx, String fixture) {
        assertEquals(200, endpoint.handle(Fixtures.signedPost(Fixtures.text(fixture)), ctx).status());
    }

    @Test
    void aHostOutageNeverBuriesADelivery() {
        FlakyContext ctx = new FlakyContext();
        ctx.failure = HostUnavailableTest::outage;
        store(ctx, "text-phone-parent.json");
        ctx.executor.runAll();
        DeliveryProcessor processor = new DeliveryProcessor(ctx);
        for (int i = 0; i < 3 * DeliveryProcessor.MAX_ATTEMPTS; i++) {
            processor.drain();
        }
        assertEquals(1, ctx.store.keys(Inbox.PREFIX).size(), "kept for the next drain");
        assertTrue(ctx.store.keys(Inbox.DEAD_PREFIX).isEmpty(), "not buried");
        assertTrue(ctx.store.keys(DeliveryProcessor.SEEN_PREFIX).isEmpty(), "claim released");

        ctx.failure = null;  // the database is back
        processor.drain();  // the same processor, as a drain's next pass: the outage it met is over
        assertTrue(ctx.store.keys(Inbox.PREFIX).isEmpty());
        assertEquals(1, ctx.flaky.all().size());
        assertTrue(ctx.flaky.findByEntityId(LinkingTest.ANA).isPresent());
    }

    @Test
    void aHostUnavailableExceptionAnywhereInTheCauseChainIsTransient() {
        FlakyContext ctx = new FlakyContext();
        ctx.failure = () -> new IllegalStateException("wrapped", new RuntimeException(outage()));
        store(ctx, "text-phone-parent.json");
        ctx.executor.runAll();
        for (int i = 0; i < 2 * DeliveryProcessor.MAX_ATTEMPTS; i++) {
            new DeliveryProcessor(ctx).drain();
        }
        assertEquals(1, ctx.store.keys(Inbox.PREFIX).size());
        assertTrue(ctx.store.keys(Inbox.DEAD_PREFIX).isEmpty());
    }

    @Test
    void otherFailuresStillCountAndOutagesInBetweenDoNotResetOrAddToThem() {
        FlakyContext ctx = new FlakyContext();
        ctx.failure = () -> new IllegalStateException("a bug");
        store(ctx, "text-phone-parent.json");
        ctx.executor.runAll();  // failure 1
        for (int i = 2; i < DeliveryProcessor.MAX_ATTEMPTS; i++) {
            new DeliveryProcessor(ctx).drain();
        }
        ctx.failure = HostUnavailableTest::outage;
        for (int i = 0; i < 3; i++) {
            new DeliveryProcessor(ctx).drain();
        }
        assertEquals(1, ctx.store.keys(Inbox.PREFIX).size(), "4 real failures and 3 outages: still pending");
        ctx.failure = () -> new IllegalStateException("a bug");
        new DeliveryProcessor(ctx).drain();  // failure 5
        assertTrue(ctx.store.keys(Inbox.PREFIX).isEmpty());
        assertEquals(1, ctx.store.keys(Inbox.DEAD_PREFIX).size());
    }

    @Test
    void aDrainStopsAtTheFirstHostUnavailableInsteadOfWaitingOnEveryEntry() {
        FlakyContext ctx = new FlakyContext();
        store(ctx, "text-phone-parent.json");
        store(ctx, "text-no-phone-username.json");
        store(ctx, "batch.json");
        ctx.executor.tasks.clear();
        ctx.failure = HostUnavailableTest::outage;
        assertEquals(0, new DeliveryProcessor(ctx).drain());
        assertEquals(1, ctx.lookups.get(), "each call may wait for the host's timeout: one is enough to know");
        assertEquals(3, ctx.store.keys(Inbox.PREFIX).size());

        ctx.failure = null;
        assertEquals(3, new DeliveryProcessor(ctx).drain());
        assertTrue(ctx.store.keys(Inbox.PREFIX).isEmpty());
    }

    @Test
    void anOutageWhileStoringTheNewNumberOfANumberChangeIsRetriedNotLost() {
        FlakyContext ctx = new FlakyContext();
        store(ctx, "text-phone-no-username-unicode.json");
        ctx.executor.runAll();
        assertEquals(List.of("+4915112345678"), ctx.flaky.all().get(0).phones());

        ctx.phoneFailure = HostUnavailableTest::outage;
        store(ctx, "user-changed-number.json");
        ctx.executor.runAll();
        assertEquals(1, ctx.store.keys(Inbox.PREFIX).size(), "kept for the next drain");
        assertEquals(List.of("+4915112345678"), ctx.flaky.all().get(0).phones());

        ctx.phoneFailure = null;  // the database is back
        new DeliveryProcessor(ctx).drain();
        assertTrue(ctx.store.keys(Inbox.PREFIX).isEmpty());
        assertEquals(1, ctx.flaky.all().size());
        assertEquals(List.of("+4917698765432"), ctx.flaky.all().get(0).phones(), "the new number is stored");
    }

    @Test
    void aNumberThatBelongsToAnotherVisitorIsStillLeftAloneAndTheDeliveryCompletes() {
        FlakyContext ctx = new FlakyContext();
        store(ctx, "text-phone-no-username-unicode.json");
        ctx.executor.runAll();
        // what the host answers when the number is another visitor's (error-phone-in-use)
        ctx.phoneFailure = () -> new IllegalArgumentException("error-phone-in-use");
        store(ctx, "user-changed-number.json");
        ctx.executor.runAll();
        assertTrue(ctx.store.keys(Inbox.PREFIX).isEmpty(), "processed");
        assertTrue(ctx.store.keys(Inbox.DEAD_PREFIX).isEmpty());
        Visitor v = ctx.flaky.all().get(0);
        assertEquals(List.of("+4915112345678"), v.phones(), "kept as it was");
        assertTrue(v.externalId(Fakes.APP_ID, "DE.5566778899001122").isPresent(), "the new BSUID is attached");
    }
}
