package dev.switchboard.core.visitor;

import dev.switchboard.core.store.Durability;

/** Who asked for a registration: a REST client, or a plugin through its visitor directory. */
public enum RegistrationSource {
    /**
     * The visitor API. Its client holds the token and may register again; the product promises that a 200
     * survives a crash or kill -9 of the host, which a crash-safe commit keeps, at a fraction of a synced one's cost.
     */
    REST(Durability.CRASH_SAFE),
    /** An app, which may answer a party that will not ask again (a webhook's sender): synced before answered. */
    APP(Durability.SYNCED);

    private final Durability durability;

    RegistrationSource(Durability durability) {
        this.durability = durability;
    }

    /** How durable the registration's commit must be before it is answered. */
    public Durability durability() {
        return durability;
    }
}
