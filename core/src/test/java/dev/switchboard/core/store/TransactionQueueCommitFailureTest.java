package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.core.error.ServiceUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A batch whose commit fails (outcome unknown, e.g. the connection dropped) acknowledges none of its writes. */
class TransactionQueueCommitFailureTest {
    @Test
    void noWriteInABatchWhoseCommitFailedIsAcknowledged() throws Exception {
        Path file = Files.createTempDirectory("tq").resolve("t.db");
        TransactionQueue queue = new TransactionQueue(failingCommits(file), new PostgresDialect(), 1);
        try {
            List<CompletableFuture<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int value = i;
                writes.add(queue.submit(connection -> value));
            }
            for (CompletableFuture<Integer> write : writes) {
                ExecutionException failure = assertThrows(ExecutionException.class,
                        () -> write.get(10, TimeUnit.SECONDS));
                assertInstanceOf(ServiceUnavailableException.class, failure.getCause());
            }
        } finally {
            queue.close();
        }
    }

    @Test
    void aWriteRefusedWhileTheDatabaseIsDownIsAnsweredEvenWhenItsBatchFails() throws Exception {
        Path file = Files.createTempDirectory("tq").resolve("t.db");
        Availability availability = new Availability();
        availability.failed();
        TransactionQueue queue = new TransactionQueue(failingCommits(file),
                new PostgresDialect(), 1, availability, DatabaseUpkeep.NONE);
        try {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Boolean> holding = queue.submit(connection -> awaitQuietly(release));
            CompletableFuture<Integer> stale = queue.submit(connection -> 1);
            Thread.sleep(Availability.FAIL_FAST_AFTER_MILLIS + 200); // "stale" has now waited too long
            CompletableFuture<Integer> fresh = queue.submit(connection -> 2);
            release.countDown();

            // The next batch refuses "stale" at once and runs "fresh", whose commit fails: both must be answered.
            for (CompletableFuture<?> write : List.of(holding, stale, fresh)) {
                ExecutionException failure = assertThrows(ExecutionException.class,
                        () -> write.get(10, TimeUnit.SECONDS));
                assertInstanceOf(ServiceUnavailableException.class, failure.getCause());
            }
        } finally {
            queue.close();
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Real connections whose {@code commit()} fails like a dropped PostgreSQL connection (SQLSTATE 08006). */
    private static DataSource failingCommits(Path file) {
        return new InterceptedDataSource(file, (number, method) -> {
            if (method.equals("commit")) {
                throw new SQLException("An I/O error occurred while sending to the backend", "08006");
            }
        });
    }
}
