package dev.switchboard.core.realtime;

import io.vertx.core.Context;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stream frames for the sessions of one event loop, handed to that loop in one task however many sessions hear an
 * event: one message to 2,000 subscribers costs a task per event loop rather than one per socket, and each write
 * then runs on its socket's own loop without a further hand-off. Frames keep the order they were queued in.
 */
final class LoopWrites {
    private final Context context;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    private record Pending(DdpSession session, String frame) { }

    /** {@code context}: any context of the event loop, on which the queued frames are written. */
    LoopWrites(Context context) {
        this.context = context;
    }

    /** Queues {@code frame} for {@code session}, from any thread; written soon on this loop. */
    void write(DdpSession session, String frame) {
        pending.add(new Pending(session, frame));
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(ignored -> drain());
        }
    }

    private void drain() {
        scheduled.set(false); // a frame queued from here on schedules another drain, which may find it taken
        Pending next;
        while ((next = pending.poll()) != null) {
            next.session().send(next.frame());
        }
    }
}
