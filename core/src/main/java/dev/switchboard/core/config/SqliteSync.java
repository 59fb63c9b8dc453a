package dev.switchboard.core.config;

/**
 * How the embedded SQLite database syncs commits (its {@code synchronous} setting, with WAL). All three keep every
 * acknowledged write through a crash or kill -9 of the host; they differ on a power loss or an OS crash, where a
 * commit that was not synced may be lost (never the database itself: SQLite's WAL stays consistent).
 */
public enum SqliteSync {
    /** Every commit is synced to disk before it is acknowledged: nothing acknowledged is lost, even on power loss. */
    FULL("FULL"),
    /**
     * The default. A commit that carries an app's write (the WhatsApp bridge's inbox, external ids, an app's
     * stored values, anything a plugin asks for) is synced before it is acknowledged, since the app may answer a
     * party that will not send it again; a commit of the visitor API's own registrations is not, and is synced by
     * the next synced commit or the next checkpoint (within about a second). Registrations answered 200 survive a
     * crash or kill -9 of the host, as the product promises; a power loss may lose the last second of them.
     */
    APPS("NORMAL"),
    /**
     * No commit is synced before it is acknowledged; commits are synced at checkpoints (within about a second).
     * For storage that survives power loss itself.
     */
    NORMAL("NORMAL");

    private final String connectionLevel;

    SqliteSync(String connectionLevel) {
        this.connectionLevel = connectionLevel;
    }

    /** SQLite's {@code synchronous} level for connections that do not choose per commit (readers, maintenance). */
    public String connectionLevel() {
        return connectionLevel;
    }

    /** The flag's spelling: {@code full}, {@code apps} or {@code normal}. */
    public String wireName() {
        return WireNames.of(this);
    }
}
