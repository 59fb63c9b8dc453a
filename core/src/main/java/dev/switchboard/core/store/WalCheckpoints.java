package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Keeps SQLite's write-ahead log bounded under constant writes. Every second a passive checkpoint copies the log
 * into the database file on the maintenance thread without blocking the writer. But the log only starts over from
 * the beginning of its file when a writer finds it completely copied, which never happens while writes keep
 * arriving: the file would grow without bound (a gigabyte a minute under load), and every append makes the
 * kernel allocate and zero fresh pages. So when the periodic checkpoint finds the log longer than
 * {@code restartFrames}, the writer copies the few frames written since, itself, after its next commit; its next
 * transaction then writes the log from the start of the file again, over pages the kernel already holds. If that
 * checkpoint cannot copy everything (a reader still needs old frames), the next periodic run asks again: at most
 * one checkpoint a second ever runs on the writer.
 */
final class WalCheckpoints implements DatabaseUpkeep {
    /** 4,096 pages of 4 KiB: the log restarts once it holds about 16 MiB. */
    static final int DEFAULT_RESTART_FRAMES = 4096;
    /**
     * The periodic checkpoint hands over to the writer once a pass found fewer new frames than this (about 1 MiB),
     * or after {@link #MAX_EXTRA_PASSES}: the writer then copies and syncs only those, while every write waits.
     */
    private static final int WRITER_CATCH_UP_FRAMES = 256;
    /** Passes after the first, each copying what was written during the one before. */
    private static final int MAX_EXTRA_PASSES = 4;
    private static final String CHECKPOINT = "PRAGMA wal_checkpoint(PASSIVE)";

    private final int restartFrames;
    private volatile boolean writerShouldFinish;

    WalCheckpoints(int restartFrames) {
        this.restartFrames = restartFrames;
    }

    @Override
    public boolean isPeriodic() {
        return true;
    }

    @Override
    public void runPeriodically(Connection pooled) throws SQLException {
        int frames = checkpoint(pooled);
        if (frames < restartFrames) {
            return;
        }
        // Under constant writes a pass takes tens of milliseconds, and the writer keeps writing meanwhile. Copy that
        // too, here, so that the writer's own catch-up has little left to copy and sync: every write waits for it,
        // and a whole pass's worth takes it ~60 ms.
        for (int pass = 0, written = frames; pass < MAX_EXTRA_PASSES && written >= WRITER_CATCH_UP_FRAMES; pass++) {
            int before = frames;
            frames = checkpoint(pooled);
            written = frames - before;
        }
        writerShouldFinish = true;
    }

    @Override
    public void afterCommit(Connection writer) throws SQLException {
        if (writerShouldFinish) {
            writerShouldFinish = false;
            checkpoint(writer);
        }
    }

    /** Runs a passive checkpoint; answers the number of frames in the log. */
    private static int checkpoint(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CHECKPOINT);
             ResultSet rows = statement.executeQuery()) {
            // One row: busy flag, frames in the log, frames copied into the database file (-1 when not in WAL mode).
            return rows.next() ? rows.getInt(2) : 0;
        }
    }
}
