package dev.switchboard.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.AppExecutor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AppTaskExecutorTest {
    private final AppTaskExecutor executor = new AppTaskExecutor("flood", getClass().getClassLoader());

    @BeforeEach
    void open() {
        executor.open();
    }

    @AfterEach
    void close() {
        executor.close();
    }

    @Test
    void refusesTasksBeyondTheWaitingLimitAndAcceptsAgainOnceTheyRun() throws Exception {
        CountDownLatch started = new CountDownLatch(AppTaskExecutor.THREADS);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < AppTaskExecutor.THREADS; i++) {
            executor.execute(() -> {
                started.countDown();
                await(release);
            });
        }
        assertTrue(started.await(10, TimeUnit.SECONDS), "every thread busy");
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < AppExecutor.MAX_WAITING_TASKS; i++) {
            executor.execute(ran::incrementAndGet);
        }

        RejectedExecutionException refused = assertThrows(RejectedExecutionException.class,
                () -> executor.execute(ran::incrementAndGet));
        assertTrue(refused.getMessage().contains("10000 tasks waiting"), refused.getMessage());
        assertEquals(0, refused.getStackTrace().length, "a flood meets one per request: no stack walk");

        release.countDown();
        CountDownLatch last = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!offer(last::countDown)) {
            assertTrue(System.nanoTime() < deadline, "accepts again once the waiting tasks ran");
            Thread.sleep(5);
        }
        assertTrue(last.await(10, TimeUnit.SECONDS));
        while (ran.get() < AppExecutor.MAX_WAITING_TASKS && System.nanoTime() < deadline) {
            Thread.sleep(5);  // the last task's thread may finish before those of the tasks just ahead of it
        }
        assertEquals(AppExecutor.MAX_WAITING_TASKS, ran.get(), "every accepted task ran, the refused one did not");
    }

    @Test
    void aTaskThatThrowsFreesItsPlaceInTheQueue() throws Exception {
        for (int i = 0; i < AppExecutor.MAX_WAITING_TASKS * 2; i++) {
            executor.execute(() -> {
                throw new IllegalStateException("contained");
            });
            if (i % 1000 == 999) {
                drain();
            }
        }
        CountDownLatch ran = new CountDownLatch(1);
        executor.execute(ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS));
    }

    @Test
    void refusesEverythingOnceClosed() {
        executor.close();
        assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> { }));
    }

    private boolean offer(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void drain() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        executor.execute(done::countDown);
        assertTrue(done.await(10, TimeUnit.SECONDS));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
