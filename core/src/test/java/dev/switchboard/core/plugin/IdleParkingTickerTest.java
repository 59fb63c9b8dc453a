package dev.switchboard.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deadline sweeper's clock: ticks while there is work, sleeps without ticking once there has been none. */
class IdleParkingTickerTest {
    private static final Duration INTERVAL = Duration.ofMillis(1);

    private final AtomicBoolean work = new AtomicBoolean(true);
    private final AtomicInteger runs = new AtomicInteger();
    private final IdleParkingTicker ticker = new IdleParkingTicker("ticker-test", INTERVAL, work::get,
            runs::incrementAndGet);

    @AfterEach
    void close() {
        ticker.close();
    }

    @Test
    void itRunsTheTaskAgainAndAgainWhileThereIsWork() throws InterruptedException {
        awaitRuns(runs.get() + 5);
    }

    @Test
    void onceIdleItStaysAsleepUntilWokenAndThenTicksAgain() throws InterruptedException {
        awaitRuns(1);
        work.set(false);
        // Long enough for IDLE_TICKS empty intervals and more: afterwards the ticker is parked for good.
        Thread.sleep(INTERVAL.multipliedBy(IdleParkingTicker.IDLE_TICKS * 20L).toMillis());
        int before = runs.get();

        work.set(true);
        Thread.sleep(200);
        assertEquals(before, runs.get(), "a parked ticker does not look for work by itself");

        ticker.wake();
        awaitRuns(before + 5);
    }

    private void awaitRuns(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (runs.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(runs.get() >= expected, "ran " + runs.get() + " times, expected at least " + expected);
    }
}
