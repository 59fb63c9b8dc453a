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

/** Calls into plugins: on a worker, in the plugin's class loader, and ended when their budget runs out. */
class PluginCallsTest {
    private static final Duration BUDGET = Duration.ofMillis(200);

    private final PluginCalls calls = new PluginCalls(1, 4);
    private final ClassLoader loader = new URLClassLoader(new URL[0], getClass().getClassLoader());

    @AfterEach
    void close() {
        calls.close();
    }

    @Test
    void aCallRunsOnAWorkerWithThePluginsClassLoader() throws Exception {
        CompletableFuture<ClassLoader> seen = calls.submit(loader, BUDGET,
                () -> Thread.currentThread().getContextClassLoader());

        assertSame(loader, seen.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aCallPastItsBudgetFailsWithATimeoutAndIsInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        CompletableFuture<Void> slow = calls.submit(loader, BUDGET, () -> {
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
        calls.submit(loader, Duration.ofSeconds(30), () -> release.await(10, TimeUnit.SECONDS));
        CompletableFuture<String> waiting = calls.submit(loader, BUDGET, () -> "late");

        ExecutionException failure = assertThrows(ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
        assertInstanceOf(RejectedExecutionException.class, failure.getCause());
        assertEquals("no worker was free within 200 ms", failure.getCause().getMessage());
        release.countDown();
    }

    @Test
    void aCallAnsweredInTimeKeepsItsAnswerAfterItsBudget() throws Exception {
        CompletableFuture<String> quick = calls.submit(loader, BUDGET, () -> "answer");
        assertEquals("answer", quick.get(5, TimeUnit.SECONDS));

        Thread.sleep(BUDGET.plus(PluginCalls.SWEEP_INTERVAL).multipliedBy(2).toMillis());
        assertEquals("answer", quick.getNow("ended"));
    }

    @Test
    void aCallAfterAnIdleSpellIsStillEndedAtItsBudget() throws Exception {
        assertEquals("first", calls.submit(loader, BUDGET, () -> "first").get(5, TimeUnit.SECONDS));
        // No call in flight for longer than the sweeper waits before it parks.
        Thread.sleep(PluginCalls.SWEEP_INTERVAL.multipliedBy(IdleParkingTicker.IDLE_TICKS + 10).toMillis());

        CompletableFuture<Void> slow = calls.submit(loader, BUDGET, () -> {
            Thread.sleep(10_000);
            return null;
        });
        ExecutionException failure = assertThrows(ExecutionException.class, () -> slow.get(5, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, failure.getCause());
    }
}
