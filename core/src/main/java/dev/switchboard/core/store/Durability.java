package dev.switchboard.core.store;

/**
 * What a write's acknowledgement promises beyond surviving a crash or kill -9 of the host, which every
 * acknowledged write does. It matters only on the embedded database with {@code --sqlite-sync apps} (the default):
 * PostgreSQL syncs every commit, and {@code full} and {@code normal} treat every write alike.
 */
public enum Durability {
    /** Synced to disk before it is acknowledged: survives a power loss. */
    SYNCED,
    /**
     * Handed to the OS before it is acknowledged, and synced with the next synced commit or checkpoint (within
     * about a second): a power loss or OS crash may lose it.
     */
    CRASH_SAFE
}
