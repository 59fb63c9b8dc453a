package dev.switchboard.core.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Syncs SQLite's write-ahead log to disk, so that every commit written to it before the call survives a power
 * loss. The writer commits without syncing ({@code synchronous=NORMAL}: the commit is in the OS's hands, safe from
 * a crash of the host) and this runs on its answer thread while the writer goes on with the next batch; a sync
 * there covers every commit before it, as SQLite's own {@code FULL} sync at each commit would.
 */
@FunctionalInterface
interface WalSync {
    /** Syncs every commit written to the log before this call. */
    void sync() throws IOException;

    /**
     * The log of {@code databaseFile}, opened for each sync: SQLite may delete and create the file again (the
     * last connection to close checkpoints it away), and a kept descriptor would then sync the deleted one.
     */
    static WalSync of(Path databaseFile) {
        Path log = databaseFile.resolveSibling(databaseFile.getFileName() + "-wal");
        return () -> {
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
                channel.force(false); // fdatasync: the log's data and what reading it needs (its length)
            } catch (NoSuchFileException e) {
                // No log: SQLite removed it after checkpointing every commit into the database file, which it syncs.
            }
        };
    }
}
