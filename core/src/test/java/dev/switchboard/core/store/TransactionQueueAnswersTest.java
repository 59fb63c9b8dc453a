package dev.switchboard.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.config.SqliteSync;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/**
 * Writers tell the commit listeners, then hand a committed batch's answers to a thread of their own, in commit order,
 * and give them all at close.
 */
class TransactionQueueAnswersTest {

    @Test
    void continuationsRunOnTheAnswerThreadNotTheWriter() throws Exception {
        try (TransactionQueue queue = queue()) {
            CountDownLatch attached = new CountDownLatch(1);
            CompletableFuture<String> writer = queue.submit(connection -> {
                await(attached);
                return Thread.currentThread().getName();
            });
            CompletableFuture<Boolean> answeredThere = writer.thenApply(name -> TransactionQueue.onAnswerThread());
            attached.countDown();

            assertTrue(answeredThere.get(10, TimeUnit.SECONDS));
            assertTrue(writer.get().startsWith("db-write"));
            assertFalse(TransactionQueue.onAnswerThread());
        }
    }

    @Test
    void commitListenersAreToldBeforeTheWritesAreAnswered() throws Exception {
        try (TransactionQueue queue = queue()) {
            List<Integer> told = Collections.synchronizedList(new ArrayList<>());
            queue.onBatchCommitted(size -> {
                sleep(200); // a slow listener: the answer still waits for it
                told.add(size);
            });
            queue.onBatchCommitted(size -> {
                throw new IllegalStateException("a failing listener");
            });
            assertEquals(7, queue.submit(connection -> 7).get(10, TimeUnit.SECONDS), "answered despite the failure");
            assertEquals(List.of(1), told, "told when the write is answered, not after");
        }
    }

    @Test
    void answersFollowCommitOrder() throws Exception {
        List<Integer> answered = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        try (TransactionQueue queue = queue()) {
            for (int i = 0; i < 500; i++) {
                int n = i;
                writes.add(queue.submit(connection -> n).thenAccept(answered::add));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        assertEquals(IntStream.range(0, 500).boxed().toList(), answered);
    }

    @Test
    void closingGivesEveryQueuedWriteItsAnswer() throws Exception {
        List<CompletableFuture<Integer>> writes = new ArrayList<>();
        TransactionQueue queue = queue();
        for (int i = 0; i < 300; i++) {
            int n = i;
            writes.add(queue.submit(connection -> n));
        }
        queue.close();
        for (int i = 0; i < writes.size(); i++) {
            assertEquals(i, writes.get(i).getNow(-1), "write " + i + " answered by the time close() returned");
        }
    }

    private static TransactionQueue queue() throws Exception {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + Files.createTempDirectory("answers").resolve("t.db"));
        return new TransactionQueue(dataSource, new SqliteDialect(SqliteSync.APPS, () -> { }), 1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
