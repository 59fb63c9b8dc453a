package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.AppExecutor;
import dev.switchboard.spi.ContactData;
import dev.switchboard.spi.ExternalIdentity;
import dev.switchboard.spi.HostUnavailableException;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorDirectory;
import dev.switchboard.spi.VisitorRegistration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FakeAppContextTest {
    private final List<VisitorDirectory> seenByHooks = new ArrayList<>();
    private final FakeAppContext context = FakeAppContext.of("bridge")
            .withHooks((event, ctx) -> seenByHooks.add(ctx.visitors()));

    @Test
    void aForwardingDirectoryInjectsFaultsAndHooksSeeItWhileTheFakeKeepsTheRecords() {
        AtomicInteger lookups = new AtomicInteger();
        VisitorDirectory flaky = new ForwardingVisitorDirectory(context.fakeVisitors()) {
            @Override
            public Optional<Visitor> findByEntityId(String entityId) {
                lookups.incrementAndGet();
                throw new HostUnavailableException("the store did not answer", null);
            }
        };
        context.withVisitors(flaky);
        assertSame(flaky, context.visitors());
        assertThrows(HostUnavailableException.class, () -> context.visitors().findByEntityId("e-1"));
        assertEquals(1, lookups.get());

        Visitor created = context.visitors().resolveOrCreate(ExternalIdentity.of("e-1"), ContactData.none(),
                VisitorRegistration.builder("tok-1").build());
        assertEquals(List.of(flaky), seenByHooks, "the hook's context answers the swapped directory");
        assertEquals(created.id(), context.fakeVisitors().findByEntityId("e-1").orElseThrow().id(),
                "calls not overridden reach the fake");
        assertEquals(created.id(), context.visitors().findByToken("tok-1").orElseThrow().id());
        assertTrue(context.fakeVisitors().updateMetadata("e-1", java.util.Map.of("k", "v")).isPresent());
    }

    @Test
    void theExecutorCanBeSwappedWhileTheFakeOneStaysReachable() {
        List<Runnable> ran = new ArrayList<>();
        AppExecutor direct = new AppExecutor() {
            @Override
            public void execute(Runnable task) {
                ran.add(task);
                task.run();
            }

            @Override
            public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
                throw new UnsupportedOperationException();
            }
        };
        assertSame(context.fakeExecutor(), context.executor());
        context.withExecutor(direct);
        AtomicInteger count = new AtomicInteger();
        context.executor().execute(count::incrementAndGet);
        assertEquals(1, count.get());
        assertEquals(0, context.fakeExecutor().pendingCount());
    }
}
