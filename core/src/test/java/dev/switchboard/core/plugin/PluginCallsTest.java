package dev.switchboard.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls into plugins: on the app's own worker, in the plugin's class loader, ended when their budget runs out,
 * and an app whose threads ignore the interrupt gets no new calls until they end.
 */
class PluginCallsTest {
    private static final Duration BUDGET = Duration.ofMillis(200);
    /** For calls expected to run: a loaded machine may take a while to start a thread. */
    private static final Duration ROOMY = Duration.ofSeconds(5);

    private final PluginCalls calls = new PluginCalls();
    private final ClassLoader loader = new URLClassLoader(new URL[0], getClass().getClassLoader());
    private final AppBulkhead app = new AppBulkhead("test-app", loader, 1);
    private final AppBulkhead.Lane lane = app.endpoints();

    @AfterEach
    void close() {
        calls.close();
        app.close();
    }

    @Test
    void aCallRunsOnAWorkerWithThePluginsClassLoader() throws Exception {
        CompletableFuture<ClassLoader> seen = calls.submit(lane, BUDGET,
                () -> Thread.currentThread().getContextClassLoader());

        assertSame(loader, seen.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aCallPastItsBudgetFailsWithATimeoutAndIsInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        CompletableFuture<Void> slow = calls.submit(lane, BUDGET, () -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return null;
        });

        ExecutionException failure = assertThrows(ExecutionException.class, () -> slow.get(5, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, failure.getCause());
        assertEquals("no answer within 200 ms", failure.getCause().getMessage());
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the plugin's thread was interrupted");
    }

    @Test
    void aCallThatNeverGotAWorkerIsRefusedNotTimedOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        calls.submit(lane, Duration.ofSeconds(30), () -> release.await(10, TimeUnit.SECONDS));
        CompletableFuture<String> waiting = calls.submit(lane, BUDGET, () -> "late");

        ExecutionException failure = assertThrows(ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
        assertInstanceOf(PluginCalls.WaitedOutException.class, failure.getCause());
        assertEquals("no worker was free within 200 ms", failure.getCause().getMessage());
        release.countDown();
    }

    @Test
    void aCallAnsweredInTimeKeepsItsAnswerAfterItsBudget() throws Exception {
        CompletableFuture<String> quick = calls.submit(lane, BUDGET, () -> "answer");
        assertEquals("answer", quick.get(5, TimeUnit.SECONDS));

        Thread.sleep(BUDGET.plus(PluginCalls.SWEEP_INTERVAL).multipliedBy(2).toMillis());
        assertEquals("answer", quick.getNow("ended"));
    }

    @Test
    void aCallAfterAnIdleSpellIsStillEndedAtItsBudget() throws Exception {
        assertEquals("first", calls.submit(lane, BUDGET, () -> "first").get(5, TimeUnit.SECONDS));
        // No call in flight for longer than the sweeper waits before it parks.
        Thread.sleep(PluginCalls.SWEEP_INTERVAL.multipliedBy(IdleParkingTicker.IDLE_TICKS + 10).toMillis());

        CompletableFuture<Void> slow = calls.submit(lane, BUDGET, () -> {
            Thread.sleep(10_000);
            return null;
        });
        ExecutionException failure = assertThrows(ExecutionException.class, () -> slow.get(5, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, failure.getCause());
    }

    @Test
    void aCallThatIgnoresItsInterruptKeepsItsAppsNewCallsOutUntilItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> stuck = calls.submit(lane, BUDGET, () -> {
            awaitIgnoringInterrupts(release);
            return null;
        });
        ExecutionException late = assertThrows(ExecutionException.class, () -> stuck.get(5, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, late.getCause());
        assertEquals(1, app.overdue());

        CompletableFuture<String> refused = calls.submit(app.hooks(), BUDGET, () -> "fed");
        ExecutionException failure = assertThrows(ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS));
        assertInstanceOf(PluginCalls.OverdueException.class, failure.getCause());
        assertEquals("lifecycle", calls.submit(app.lifecycle(), ROOMY, () -> "lifecycle").get(5, TimeUnit.SECONDS),
                "lifecycle calls have threads of their own and still run");

        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (app.overdue() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, app.overdue());
        assertEquals("fed again", calls.submit(app.hooks(), ROOMY, () -> "fed again").get(5, TimeUnit.SECONDS));
    }

    @Test
    void oneAppsStuckThreadsLeaveAnotherAppsCallsRunning() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        calls.submit(lane, Duration.ofSeconds(30), () -> release.await(10, TimeUnit.SECONDS));
        try (AppBulkhead other = new AppBulkhead("other-app", loader, 1)) {
            assertEquals("answer", calls.submit(other.endpoints(), ROOMY, () -> "answer").get(5, TimeUnit.SECONDS));
        } finally {
            release.countDown();
        }
    }

    @Test
    void aCallRunsMarkedAsItsAppsCode() throws Exception {
        CompletableFuture<String> seen = calls.submit(lane, ROOMY,
                () -> RunningPlugins.of(Thread.currentThread()).orElse("none"));
        assertEquals("test-app", seen.get(5, TimeUnit.SECONDS));
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException ignored) {
                // a hostile plugin carries on
            }
        }
    }
}
