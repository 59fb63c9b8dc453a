package dev.switchboard.core.store;

import dev.switchboard.core.error.ServiceUnavailableException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntConsumer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: writer threads take whatever writes are waiting (up to {@link #MAX_BATCH}), run each inside its
 * own savepoint of one transaction, commit once, and only then complete each write's future. A write that fails
 * rolls back to its savepoint without touching its neighbours; a write that failed transiently (deadlock, busy)
 * runs again alone. Nothing is acknowledged before its commit, so an answered write survives a kill -9. A batch's
 * commit is synced to disk before it is answered when any write in it asks for {@link Durability#SYNCED} (as the
 * dialect allows); where the dialect syncs after the commit (SQLite), the answer thread syncs while the writer runs
 * the next batch, and one sync covers every batch committed before it.
 *
 * <p>Writes of one {@link GroupWork kind} that wait next to each other in a batch run together, set-based (one
 * query for many rows instead of one per row, no savepoint per write): the kind either runs them all or declines,
 * and then each runs alone in its savepoint as above. Order is kept: only neighbours are grouped.
 *
 * <p>Each writer hands a committed batch's answers to a thread of its own, in commit order, and goes on with the
 * next batch: completing a future runs its callers' continuations and wakes their threads, work the single SQLite
 * writer has no time for.
 */
public final class TransactionQueue implements AutoCloseable {
    /** Work done inside a transaction; it must not commit or roll back itself. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Work on one request that a writer may also run for several requests at once. Both methods run inside the
     * writer's transaction and must not commit or roll back.
     */
    public interface GroupWork<R, T> {
        /** Runs one request; inside a savepoint of its own, so a failure undoes only this request. */
        T runOne(Connection connection, R request) throws SQLException;

        /**
         * Runs {@code requests} (two or more, in queue order) with the outcome they would have one after another,
         * returning their results in the same order; or returns empty, or throws, when it cannot, and then the
         * writer undoes whatever this did and runs each with {@link #runOne}.
         */
        Optional<List<T>> runAll(Connection connection, List<R> requests) throws SQLException;
    }

    static final int MAX_BATCH = 128;
    private static final int MAX_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(TransactionQueue.class);

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final Availability availability;
    private final DatabaseUpkeep upkeep;
    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean closed;
    /** Told each committed batch's size (the host's metrics; the webhook dispatcher, to look for new events). */
    private volatile IntConsumer batchSizes = size -> { };

    TransactionQueue(DataSource dataSource, SqlDialect dialect, int writerCount) {
        this(dataSource, dialect, writerCount, new Availability(), DatabaseUpkeep.NONE);
    }

    TransactionQueue(DataSource dataSource, SqlDialect dialect, int writerCount, Availability availability,
                     DatabaseUpkeep upkeep) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.availability = availability;
        this.upkeep = upkeep;
        for (int i = 0; i < writerCount; i++) {
            Thread writer = Threads.named("db-write").newThread(this::drain);
            writers.add(writer);
            writer.start();
        }
    }

    /** Writes queued and not yet taken by a writer. */
    public int waiting() {
        return queue.size();
    }

    /**
     * {@code listener} is told the number of writes in each committed transaction, on the writer's thread, after
     * the listeners added before it and before the transaction's writes are answered; it must return at once.
     */
    public synchronized void onBatchCommitted(IntConsumer listener) {
        this.batchSizes = batchSizes.andThen(listener);
    }

    /** Queues {@code work}; the future completes after the (synced) transaction that ran it committed. */
    public <T> CompletableFuture<T> submit(Work<T> work) {
        return enqueue(work, null, Durability.SYNCED);
    }

    /** Queues {@code work} with the given durability; completes after the transaction that ran it committed. */
    public <T> CompletableFuture<T> submit(Work<T> work, Durability durability) {
        return enqueue(work, null, durability);
    }

    /** Queues {@code request} of {@code kind}; the future completes after the transaction that ran it committed. */
    public <R, T> CompletableFuture<T> submit(GroupWork<R, T> kind, R request, Durability durability) {
        return enqueue(connection -> kind.runOne(connection, request), Member.of(kind, request), durability);
    }

    /** {@code member} is null for work that never groups. */
    private <T> CompletableFuture<T> enqueue(Work<T> work, Member member, Durability durability) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new ServiceUnavailableException("The host is shutting down", null));
            return future;
        }
        queue.add(new Task<>(work, member, durability, future, 1, System.nanoTime()));
        return future;
    }

    private void drain() {
        Writer writer = new Writer();
        try {
            List<Task<?>> batch = new ArrayList<>(MAX_BATCH);
            while (true) {
                Task<?> first;
                try {
                    first = queue.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                try {
                    writer.runBatch(batch);
                } catch (Throwable e) {
                    // An Error (out of memory, stack overflow, linkage) must not end the writer and leave every
                    // later write hanging: fail this batch, start over with a fresh connection.
                    LOG.error("A write batch failed unexpectedly", e);
                    ServiceUnavailableException failure = unavailable(e);
                    batch.forEach(task -> task.future().completeExceptionally(failure));
                    writer.release();
                }
                batch.clear();
            }
        } finally {
            writer.close();
        }
    }

    /**
     * One writer thread's state: the connection it keeps between batches (with its prepared statements), taken
     * again from the pool only after it broke.
     */
    private final class Writer {
        private final ExecutorService answers = Executors.newSingleThreadExecutor(AnswerThread::new);
        private CachedStatements held;
        /** Batches this writer committed; written by the writer, read by the answer thread. */
        private volatile long commits;
        /** The commits the answer thread has synced (see {@link #syncThrough}); only that thread touches it. */
        private long synced;

        private CachedStatements connection() throws SQLException {
            if (held == null) {
                Connection connection = dataSource.getConnection();
                try {
                    // Before the transaction: SQLite refuses temp_store inside one once the connection has a temp
                    // schema, which the pooled connection the migrations ran on may have (V5 rebuilt a table).
                    dialect.prepareWriter(connection);
                    connection.setAutoCommit(false);
                } catch (SQLException e) {
                    connection.close();
                    throw e;
                }
                held = new CachedStatements(connection);
            }
            return held;
        }

        /** Releases the connection and waits until every answer handed over was given. */
        void close() {
            release();
            answers.shutdown();
            try {
                answers.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void release() {
            if (held != null) {
                held.close();
                held = null;
            }
        }

        void runBatch(List<Task<?>> waiting) {
            List<Runnable> refused = new ArrayList<>();
            List<Task<?>> batch = admitted(waiting, refused);
            if (!refused.isEmpty()) {
                answer(refused); // given now: a failing batch forgets its own answers, never these
            }
            if (!batch.isEmpty()) {
                runAdmitted(batch, new ArrayList<>(batch.size()));
            }
        }

        /** While the database is down, writes that already waited their turn are answered 503 now (within seconds). */
        private List<Task<?>> admitted(List<Task<?>> waiting, List<Runnable> completions) {
            List<Task<?>> batch = new ArrayList<>(waiting.size());
            for (Task<?> task : waiting) {
                if (availability.failFast(task.enqueuedNanos())) {
                    completions.add(() -> task.future().completeExceptionally(unavailable(null)));
                } else {
                    batch.add(task);
                }
            }
            return batch;
        }

        private void runAdmitted(List<Task<?>> batch, List<Runnable> completions) {
            CachedStatements statements;
            try {
                statements = connection();
            } catch (SQLException e) {
                availability.failed();
                batch.forEach(task -> completions.add(() -> task.future().completeExceptionally(unavailable(e))));
                answer(completions);
                return;
            }
            availability.succeeded();
            List<Task<?>> retries = new ArrayList<>();
            Outcome outcome = commit(statements, batch, completions, retries, true);
            if (outcome == Outcome.STALE_CONNECTION) {
                // The kept connection had died (the database restarted, a proxy dropped it) before this batch could
                // commit: run the batch once more on a fresh connection instead of answering it 503.
                try {
                    statements = connection();
                } catch (SQLException e) {
                    batch.forEach(task -> completions.add(() -> task.future().completeExceptionally(unavailable(e))));
                    answer(completions);
                    return;
                }
                availability.succeeded();
                outcome = commit(statements, batch, completions, retries, false);
            }
            boolean committed = outcome == Outcome.COMMITTED;
            if (committed) {
                commits++; // the writer is the only thread that writes it
                // Before the answers: a caller that has its answer knows the listeners were told of its commit.
                tellCommitted(batch.size());
            }
            if (committed && dialect.syncsAfterCommit(durabilityOf(batch))) {
                answerWhenSynced(completions, batch, commits);
            } else {
                answer(completions);
            }
            retries.forEach(queue::add);
            if (committed) {
                afterCommit(statements.view());
            }
        }

        /** Tells the listeners; one that throws must not keep a committed batch from its answers. */
        private void tellCommitted(int size) {
            try {
                batchSizes.accept(size);
            } catch (RuntimeException e) {
                LOG.warn("A listener of committed batches failed: {}", e.toString());
            }
        }

        /**
         * Runs the batch in one transaction; answers (in {@code completions}) only what committed. When the
         * connection fails before the commit is sent and {@code mayRetry}, answers nothing and says so
         * ({@link Outcome#STALE_CONNECTION}), having released the connection.
         */
        private Outcome commit(CachedStatements statements, List<Task<?>> batch, List<Runnable> completions,
                               List<Task<?>> retries, boolean mayRetry) {
            boolean commitSent = false;
            try {
                try {
                    for (int start = 0, end; start < batch.size(); start = end) {
                        end = endOfGroup(batch, start);
                        if (end - start > 1) {
                            runGroup(statements, batch.subList(start, end), completions, retries);
                        } else {
                            runInSavepoint(statements, batch.get(start), completions, retries);
                        }
                    }
                    commitSent = true;
                    statements.view().commit();
                    return Outcome.COMMITTED;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(statements.view());
                    throw e;
                }
            } catch (SQLException | RuntimeException e) {
                boolean connectionLost = e instanceof SQLException sql && dialect.isConnectionFailure(sql);
                if (connectionLost) {
                    // Marked down until a new connection is had: writes queued meanwhile are answered 503 at once
                    // rather than waiting behind this batch's wait for a connection (Availability).
                    availability.failed();
                    release(); // a broken connection is not kept: the next attempt takes a new one
                }
                completions.clear(); // writes that succeeded inside the batch did not commit: never answer them 200
                retries.clear();
                // Safe to run again only if the batch cannot have committed: the failure came before COMMIT was
                // sent, and a transaction whose connection dies uncommitted is rolled back by the server (its
                // writes never become visible), so running the batch again applies each write exactly once. When
                // COMMIT itself failed, the server may have committed before the connection died: unknown, so
                // never run again (that could apply a write twice); answered 503 below.
                if (connectionLost && !commitSent && mayRetry) {
                    LOG.warn("Database connection lost before a commit ({}); retrying the batch of {} on a new "
                            + "connection", firstLine(e), batch.size());
                    return Outcome.STALE_CONNECTION;
                }
                // Nothing in this batch is acknowledged: every write in it is answered with the failure (503 for a
                // lost connection) or tried again.
                for (Task<?> task : batch) {
                    retryOrFail(task, e, retries, completions);
                }
                return Outcome.FAILED;
            }
        }

        /**
         * Hands the answers over; from here on nothing may throw, or {@link #drain} would fail writes whose success
         * is already on its way.
         */
        private void answer(List<Runnable> completions) {
            handOver(() -> completions.forEach(Runnable::run));
        }

        /** Runs {@code answering} on the answer thread, or here when that thread cannot take it. */
        private void handOver(Runnable answering) {
            try {
                answers.execute(answering);
            } catch (Throwable e) { // rejected (closing), or no thread could be started: answer here
                answering.run();
            }
        }

        /**
         * Hands the answers of a committed batch over, to be given once its commit ({@code commit}, this writer's
         * count) is synced to disk. If the sync fails, the batch's writes are answered 503: whether they would
         * survive a power loss is unknown, and like PostgreSQL since 2018 the sync is not tried again.
         */
        private void answerWhenSynced(List<Runnable> completions, List<Task<?>> batch, long commit) {
            handOver(() -> {
                try {
                    syncThrough(commit);
                } catch (IOException | RuntimeException e) {
                    LOG.error("Could not sync the database's log to disk; {} writes answered as failed",
                            batch.size(), e);
                    batch.forEach(task -> task.future().completeExceptionally(unavailable(e)));
                    return;
                }
                completions.forEach(Runnable::run);
            });
        }

        /** Syncs unless a sync since {@code commit} was written already covers it; answer thread only. */
        private void syncThrough(long commit) throws IOException {
            if (commit <= synced) {
                return;
            }
            long written = commits; // every commit counted here was written before the sync below starts
            dialect.syncCommitted();
            synced = written;
        }

        private void afterCommit(Connection connection) {
            try {
                upkeep.afterCommit(connection);
            } catch (Throwable e) {
                LOG.warn("Database upkeep after a commit failed: {}", e.toString());
            }
        }

        /**
         * Runs a group of writes of one kind set-based, inside one savepoint; if the kind declines (or fails short
         * of losing the connection), undoes it and runs each write alone.
         */
        private void runGroup(CachedStatements statements, List<Task<?>> group, List<Runnable> completions,
                              List<Task<?>> retries) throws SQLException {
            Connection connection = statements.view();
            GroupWork<Object, ?> kind = group.get(0).member().kind();
            List<Object> requests = group.stream().map(task -> task.member().request()).toList();
            NamedSavepoints.set(connection, "write_group");
            Optional<? extends List<?>> results;
            try {
                results = kind.runAll(connection, requests);
            } catch (SQLException | RuntimeException e) { // e.g. one request is invalid: alone, it gets its own error
                if (e instanceof SQLException sql && dialect.isConnectionFailure(sql)) {
                    throw sql;
                }
                LOG.debug("A group of {} writes failed; each runs alone: {}", group.size(), e.toString());
                results = Optional.empty();
            }
            if (results.isPresent() && results.get().size() != group.size()) { // the kind's bug: whose answer is whose?
                LOG.error("{} gave {} results for {} writes", kind.getClass().getName(), results.get().size(),
                        group.size());
                results = Optional.empty();
            }
            if (results.isEmpty()) {
                NamedSavepoints.rollback(connection, "write_group");
                for (Task<?> task : group) {
                    runInSavepoint(statements, task, completions, retries);
                }
                return;
            }
            NamedSavepoints.release(connection, "write_group");
            for (int i = 0; i < group.size(); i++) {
                Task<?> task = group.get(i);
                Object result = results.get().get(i);
                completions.add(() -> task.succeed(result));
            }
        }

        /** Each write in its own savepoint, so a failing one rolls back alone. */
        private <T> void runInSavepoint(CachedStatements statements, Task<T> task, List<Runnable> completions,
                                        List<Task<?>> retries) throws SQLException {
            Connection connection = statements.view();
            NamedSavepoints.set(connection, "write");
            try {
                T result = task.work().run(connection);
                NamedSavepoints.release(connection, "write");
                completions.add(() -> task.future().complete(result));
            } catch (SQLException e) {
                if (dialect.isConnectionFailure(e)) {
                    throw e;
                }
                NamedSavepoints.rollback(connection, "write");
                retryOrFail(task, e, retries, completions);
            } catch (RuntimeException e) {
                NamedSavepoints.rollback(connection, "write");
                completions.add(() -> task.future().completeExceptionally(e));
            }
        }
    }

    /** How a batch's transaction ended. */
    private enum Outcome {
        COMMITTED,
        /** Failed; each write was answered with its failure or queued to be tried again. */
        FAILED,
        /** The connection was found dead before the commit was sent; nothing was answered. */
        STALE_CONNECTION
    }

    /** A failure's class and the first line of its message, for a log line without a stack trace. */
    private static String firstLine(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage().lines().findFirst().orElse("");
        if (failure instanceof SQLException sql && sql.getSQLState() != null) {
            return "SQLSTATE " + sql.getSQLState() + ": " + message;
        }
        return failure.getClass().getSimpleName() + ": " + message;
    }

    /** Synced if any write in the batch asks for it: one commit holds them all. */
    private static Durability durabilityOf(List<Task<?>> batch) {
        for (Task<?> task : batch) {
            if (task.durability() == Durability.SYNCED) {
                return Durability.SYNCED;
            }
        }
        return Durability.CRASH_SAFE;
    }

    /** The end (exclusive) of the run of writes of one group kind that starts at {@code start}. */
    private static int endOfGroup(List<Task<?>> batch, int start) {
        Member first = batch.get(start).member();
        int end = start + 1;
        if (first != null) {
            while (end < batch.size() && batch.get(end).member() != null
                    && batch.get(end).member().kind() == first.kind()) {
                end++;
            }
        }
        return end;
    }

    private void retryOrFail(Task<?> task, Exception failure, List<Task<?>> retries, List<Runnable> completions) {
        if (failure instanceof SQLException sql && dialect.isTransient(sql) && task.attempt() < MAX_ATTEMPTS) {
            retries.add(task.nextAttempt());
            return;
        }
        Throwable answer = failure;
        if (failure instanceof SQLTransientConnectionException
                || failure instanceof SQLException sql && dialect.isConnectionFailure(sql)) {
            answer = unavailable(failure);
        } else if (!(failure instanceof RuntimeException)) {
            LOG.error("Write failed", failure);
        }
        Throwable finalAnswer = answer;
        completions.add(() -> task.future().completeExceptionally(finalAnswer));
    }

    private static ServiceUnavailableException unavailable(Throwable cause) {
        return new ServiceUnavailableException("The database is unavailable", cause);
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("Rollback after a failed batch failed too: {}", e.getMessage());
        }
    }

    /** Stops taking writes, lets the writers finish what is queued, and waits for them. */
    @Override
    public void close() {
        closed = true;
        for (Thread writer : writers) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // A write that slipped in as the writers stopped, or that they had no time for, is answered, not left hanging.
        Task<?> left;
        while ((left = queue.poll()) != null) {
            left.future().completeExceptionally(new ServiceUnavailableException("The host is shutting down", null));
        }
    }

    /**
     * True on a thread that gives writes their answers. Code running there (a future's continuation) must never
     * wait for another write: the answers it waits behind would be its own thread's.
     */
    public static boolean onAnswerThread() {
        return Thread.currentThread() instanceof AnswerThread;
    }

    /** The thread each writer hands its answers to. */
    private static final class AnswerThread extends Thread {
        private static final AtomicInteger COUNT = new AtomicInteger();

        AnswerThread(Runnable task) {
            super(task, "db-answer-" + COUNT.incrementAndGet());
            setDaemon(true);
        }
    }

    /** A write's kind and request, when it may run in a group; writes without one never group. */
    private record Member(GroupWork<Object, ?> kind, Object request) {
        @SuppressWarnings("unchecked")
        static <R> Member of(GroupWork<R, ?> kind, R request) {
            return new Member((GroupWork<Object, ?>) kind, request); // the request is of the kind's type
        }
    }

    private record Task<T>(Work<T> work, Member member, Durability durability, CompletableFuture<T> future,
                           int attempt, long enqueuedNanos) {
        Task<T> nextAttempt() {
            return new Task<>(work, member, durability, future, attempt + 1, enqueuedNanos);
        }

        @SuppressWarnings("unchecked")
        void succeed(Object result) {
            future.complete((T) result); // the member's kind returned it for this task's request
        }
    }
}
