package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.HostUnavailableException;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorRegistration;
import dev.switchboard.testkit.FakeAppContext;
import dev.switchboard.testkit.ForwardingVisitorDirectory;
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

    /** While set, the directory's {@code findByEntityId} throws what it supplies. */
    private volatile Supplier<RuntimeException> failure;
    /** While set, {@code register} of a phone on an existing visitor (by token) throws what it supplies. */
    private volatile Supplier<RuntimeException> phoneFailure;
    private final AtomicInteger lookups = new AtomicInteger();
    private final FakeAppContext ctx = Fixtures.context();

    HostUnavailableTest() {
        ctx.withVisitors(new ForwardingVisitorDirectory(ctx.fakeVisitors()) {
            @Override
            public Optional<Visitor> findByEntityId(String entityId) {
                lookups.incrementAndGet();
                Supplier<RuntimeException> f = failure;
                if (f != null) {
                    throw f.get();
                }
                return super.findByEntityId(entityId);
            }

            @Override
            public Visitor register(VisitorRegistration r) {
                Supplier<RuntimeException> f = phoneFailure;
                if (f != null && r.token() != null && r.phone() != null) {
                    throw f.get();
                }
                return super.register(r);
            }
        });
    }

    private static HostUnavailableException outage() {
        return new HostUnavailableException("the host did not answer within 30 s", null);
    }

    private void store(String fixture) {
        assertEquals(200, endpoint.handle(Fixtures.signedPost(Fixtures.text(fixture)), ctx).status());
    }

    @Test
    void aHostOutageNeverBuriesADelivery() {
        failure = HostUnavailableTest::outage;
        store("text-phone-parent.json");
        ctx.fakeExecutor().runPending();
        DeliveryProcessor processor = new DeliveryProcessor(ctx);
        for (int i = 0; i < 3 * DeliveryProcessor.MAX_ATTEMPTS; i++) {
            processor.drain();
        }
        assertEquals(1, ctx.store().keys(Inbox.PREFIX).size(), "kept for the next drain");
        assertTrue(ctx.store().keys(Inbox.DEAD_PREFIX).isEmpty(), "not buried");
        assertTrue(ctx.store().keys(DeliveryProcessor.SEEN_PREFIX).isEmpty(), "claim released");

        failure = null;  // the database is back
        processor.drain();  // the same processor, as a drain's next pass: the outage it met is over
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
        assertEquals(1, ctx.fakeVisitors().all().size());
        assertTrue(ctx.fakeVisitors().findByEntityId(LinkingTest.ANA).isPresent());
    }

    @Test
    void aHostUnavailableExceptionAnywhereInTheCauseChainIsTransient() {
        failure = () -> new IllegalStateException("wrapped", new RuntimeException(outage()));
        store("text-phone-parent.json");
        ctx.fakeExecutor().runPending();
        for (int i = 0; i < 2 * DeliveryProcessor.MAX_ATTEMPTS; i++) {
            new DeliveryProcessor(ctx).drain();
        }
        assertEquals(1, ctx.store().keys(Inbox.PREFIX).size());
        assertTrue(ctx.store().keys(Inbox.DEAD_PREFIX).isEmpty());
    }

    @Test
    void otherFailuresStillCountAndOutagesInBetweenDoNotResetOrAddToThem() {
        failure = () -> new IllegalStateException("a bug");
        store("text-phone-parent.json");
        ctx.fakeExecutor().runPending();  // failure 1
        for (int i = 2; i < DeliveryProcessor.MAX_ATTEMPTS; i++) {
            new DeliveryProcessor(ctx).drain();
        }
        failure = HostUnavailableTest::outage;
        for (int i = 0; i < 3; i++) {
            new DeliveryProcessor(ctx).drain();
        }
        assertEquals(1, ctx.store().keys(Inbox.PREFIX).size(), "4 real failures and 3 outages: still pending");
        failure = () -> new IllegalStateException("a bug");
        new DeliveryProcessor(ctx).drain();  // failure 5
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
        assertEquals(1, ctx.store().keys(Inbox.DEAD_PREFIX).size());
    }

    @Test
    void aDrainStopsAtTheFirstHostUnavailableInsteadOfWaitingOnEveryEntry() {
        store("text-phone-parent.json");
        store("text-no-phone-username.json");
        store("batch.json");
        ctx.fakeExecutor().dropPending();
        failure = HostUnavailableTest::outage;
        assertEquals(0, new DeliveryProcessor(ctx).drain());
        assertEquals(1, lookups.get(), "each call may wait for the host's timeout: one is enough to know");
        assertEquals(3, ctx.store().keys(Inbox.PREFIX).size());

        failure = null;
        assertEquals(3, new DeliveryProcessor(ctx).drain());
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
    }

    @Test
    void anOutageWhileStoringTheNewNumberOfANumberChangeIsRetriedNotLost() {
        store("text-phone-no-username-unicode.json");
        ctx.fakeExecutor().runPending();
        assertEquals(List.of("+4915112345678"), ctx.fakeVisitors().all().get(0).phones());

        phoneFailure = HostUnavailableTest::outage;
        store("user-changed-number.json");
        ctx.fakeExecutor().runPending();
        assertEquals(1, ctx.store().keys(Inbox.PREFIX).size(), "kept for the next drain");
        assertEquals(List.of("+4915112345678"), ctx.fakeVisitors().all().get(0).phones());

        phoneFailure = null;  // the database is back
        new DeliveryProcessor(ctx).drain();
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
        assertEquals(1, ctx.fakeVisitors().all().size());
        assertEquals(List.of("+4917698765432"), ctx.fakeVisitors().all().get(0).phones(), "the new number is stored");
    }

    @Test
    void aNumberThatBelongsToAnotherVisitorIsStillLeftAloneAndTheDeliveryCompletes() {
        store("text-phone-no-username-unicode.json");
        ctx.fakeExecutor().runPending();
        // what the host answers when the number is another visitor's (error-phone-in-use)
        phoneFailure = () -> new IllegalArgumentException("error-phone-in-use");
        store("user-changed-number.json");
        ctx.fakeExecutor().runPending();
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty(), "processed");
        assertTrue(ctx.store().keys(Inbox.DEAD_PREFIX).isEmpty());
        Visitor v = ctx.fakeVisitors().all().get(0);
        assertEquals(List.of("+4915112345678"), v.phones(), "kept as it was");
        assertTrue(v.externalId(Fixtures.APP_ID, "DE.5566778899001122").isPresent(), "the new BSUID is attached");
    }
}
