package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FakeAppExecutorTest {

    @Test
    void tasksRunWhenTheTestSaysAndNotAfterClose() {
        FakeAppExecutor executor = new FakeAppExecutor();
        AtomicInteger runs = new AtomicInteger();
        executor.execute(() -> executor.execute(runs::incrementAndGet));
        assertEquals(0, runs.get());
        assertEquals(2, executor.runPending(), "and what the first task submitted");
        ScheduledFuture<?> poll = executor.scheduleWithFixedDelay(runs::incrementAndGet, Duration.ZERO,
                Duration.ofSeconds(30));
        assertEquals(1, executor.runScheduled());
        poll.cancel(false);
        assertEquals(0, executor.runScheduled());
        assertEquals(2, runs.get());
        executor.execute(runs::incrementAndGet);
        assertEquals(1, executor.dropPending(), "a crash loses waiting tasks");
        assertEquals(0, executor.runPending());
        executor.close();
        assertThrows(RejectedExecutionException.class, () -> executor.execute(runs::incrementAndGet));
    }

    @Test
    void severalThreadsRunTheWaitingTasksTogetherEachTaskOnce() throws Exception {
        FakeAppExecutor executor = new FakeAppExecutor();
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            executor.execute(runs::incrementAndGet);
        }
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(executor::runPending);
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(1000, runs.get());
        assertEquals(0, executor.pendingCount());
    }
}
