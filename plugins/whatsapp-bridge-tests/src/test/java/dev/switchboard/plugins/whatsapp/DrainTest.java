package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.AppExecutor;
import dev.switchboard.spi.ContactData;
import dev.switchboard.spi.ExternalIdentity;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorDirectory;
import dev.switchboard.spi.VisitorRegistration;
import dev.switchboard.testkit.FakeAppContext;
import dev.switchboard.testkit.ForwardingVisitorDirectory;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drains work off a backlog in parallel when the executor takes helpers, and alone when it refuses them. */
class DrainTest {

    private static final int DELIVERIES = 120;

    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final WebhookEndpoint endpoint = Fixtures.endpoint();

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** How many resolveOrCreate calls run at once, each taking a commit's time so that helpers overlap. */
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final FakeAppContext ctx = Fixtures.context();
    private final VisitorDirectory slow = new ForwardingVisitorDirectory(ctx.fakeVisitors()) {
        @Override
        public Visitor resolveOrCreate(ExternalIdentity identity, ContactData contact,
                                       VisitorRegistration registration) {
            mostAtOnce.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
            try {
                Thread.sleep(2);  // a host call takes a commit's time; let the helpers overlap
                return super.resolveOrCreate(identity, contact, registration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inProgress.decrementAndGet();
            }
        }
    };

    /** The stored deliveries of 120 senders, with the slow directory; the executor is the test's to choose. */
    private FakeAppContext backlog() {
        ctx.withVisitors(slow);
        String body = Fixtures.text("text-no-phone-username.json");
        for (int i = 0; i < DELIVERIES; i++) {
            String each = body.replace("BR.1502576394655843", "BR.90000" + i).replace("QjdCAA==", "Zz" + i);
            assertEquals(200, endpoint.handle(Fixtures.signedPost(each), ctx).status());
        }
        ctx.fakeExecutor().dropPending();  // refused by a full executor, or lost with a crash: only the drain is left
        return ctx;
    }

    @Test
    void helpersOnTheExecutorWorkOffTheBacklogTogether() {
        FakeAppContext ctx = backlog();
        ctx.withExecutor(new PoolExecutor(pool));

        assertEquals(DELIVERIES, new DeliveryProcessor(ctx, new ProcessingLanes(System::nanoTime)).drain());

        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
        assertEquals(DELIVERIES, ctx.fakeVisitors().all().size(), "one visitor per BSUID, none twice");
        assertTrue(mostAtOnce.get() > 1, "batches were processed in parallel: " + mostAtOnce.get());
        assertTrue(mostAtOnce.get() <= ProcessingLanes.CALM_LANES, "at most the lanes");
    }

    @Test
    void aFullExecutorLeavesTheWholeBacklogToTheDrainingThread() {
        FakeAppContext ctx = backlog();
        ctx.withExecutor(new RefusingExecutor());

        assertEquals(DELIVERIES, new DeliveryProcessor(ctx, new ProcessingLanes(System::nanoTime)).drain());

        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
        assertEquals(DELIVERIES, ctx.fakeVisitors().all().size());
        assertEquals(1, mostAtOnce.get(), "no helper ran");
    }

    @Test
    void duringAFloodTheDrainWorksInFewerLanes() {
        FakeAppContext ctx = backlog();
        ctx.withExecutor(new PoolExecutor(pool));

        assertEquals(DELIVERIES, new DeliveryProcessor(ctx, Fixtures.floodedLanes()).drain());

        assertTrue(mostAtOnce.get() > 1, "batches were processed in parallel: " + mostAtOnce.get());
        assertTrue(mostAtOnce.get() <= ProcessingLanes.FLOOD_LANES, "at most the flood's lanes");
        assertTrue(ctx.store().keys(Inbox.PREFIX).isEmpty());
    }

    @Test
    void aKnownSenderCostsNoLookUpOfItsOwnInABatch() {
        FakeAppContext ctx = backlog();
        ctx.withExecutor(new RefusingExecutor());
        assertEquals(DELIVERIES, new DeliveryProcessor(ctx, new ProcessingLanes(System::nanoTime)).drain());
        AtomicInteger lookups = new AtomicInteger();
        ctx.withVisitors(new ForwardingVisitorDirectory(ctx.fakeVisitors()) {
            @Override
            public java.util.Optional<Visitor> findByEntityId(String entityId) {
                lookups.incrementAndGet();
                return super.findByEntityId(entityId);
            }

            @Override
            public Visitor resolveOrCreate(ExternalIdentity identity, ContactData contact,
                                           VisitorRegistration registration) {
                lookups.incrementAndGet();
                return super.resolveOrCreate(identity, contact, registration);
            }
        });
        String body = Fixtures.text("text-no-phone-username.json");
        for (int i = 0; i < DELIVERIES; i++) {
            String each = body.replace("BR.1502576394655843", "BR.90000" + i).replace("QjdCAA==", "Yy" + i);
            assertEquals(200, endpoint.handle(Fixtures.signedPost(each), ctx).status());
        }
        ctx.fakeExecutor().dropPending();

        assertEquals(DELIVERIES, new DeliveryProcessor(ctx, new ProcessingLanes(System::nanoTime)).drain());

        assertEquals(0, lookups.get(), "the batch's one look-up found every sender");
        assertEquals(DELIVERIES, ctx.fakeVisitors().all().size(), "no visitor twice");
        assertEquals(2 * DELIVERIES, ctx.conversations().rooms().stream()
                .mapToInt(room -> ctx.conversations().messages(room.id()).size()).sum());
    }

    /** An {@link AppExecutor} over a real pool, as the host's. */
    private record PoolExecutor(ExecutorService pool) implements AppExecutor {
        @Override
        public void execute(Runnable task) {
            pool.execute(task);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
            throw new UnsupportedOperationException();
        }
    }

    /** The host's executor while {@value AppExecutor#MAX_WAITING_TASKS} tasks wait. */
    private static final class RefusingExecutor implements AppExecutor {
        @Override
        public void execute(Runnable task) {
            throw new RejectedExecutionException("10000 tasks waiting");
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
            throw new UnsupportedOperationException();
        }
    }
}
