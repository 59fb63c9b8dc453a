package dev.switchboard.core.config;

import java.util.Locale;

/**
 * How the embedded SQLite database syncs commits (its {@code synchronous} setting, with WAL). Both keep every
 * acknowledged write through a crash or kill -9 of the host; they differ on a power loss or an OS crash.
 */
public enum SqliteSync {
    /** Every commit is synced to disk before it is acknowledged: nothing acknowledged is lost, even on power loss. */
    FULL,
    /**
     * Commits reach the OS before they are acknowledged and are synced at checkpoints: 15–30% more new
     * registrations per second on a 2-core VM (docs/performance.md); a power loss or OS crash may lose the last
     * acknowledged commits (never corrupts the database).
     */
    NORMAL;

    /** The flag's spelling, {@code full} or {@code normal}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code full} or {@code normal} (any case). */
    public static SqliteSync parse(String value) {
        for (SqliteSync sync : values()) {
            if (sync.wireName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return sync;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not full or normal");
    }
}
