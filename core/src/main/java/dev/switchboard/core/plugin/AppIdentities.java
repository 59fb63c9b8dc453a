package dev.switchboard.core.plugin;

import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.spi.ExternalIdentity;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns what an app passes into an external id the host stores: the app id is the host's, and entity ids and
 * metadata are kept small (metadata is for facts like a username, not documents). Public for switchboard-testkit's
 * fake directory.
 */
public final class AppIdentities {
    /** Largest metadata accepted, as JSON. */
    static final int MAX_METADATA_BYTES = 16 * 1024;
    /** Longest entity id accepted. */
    static final int MAX_ENTITY_ID_BYTES = 256;

    private AppIdentities() { }

    /**
     * The identity as stored for {@code appId}.
     *
     * @throws IllegalArgumentException if the entity id or the metadata is over its limit
     */
    public static ExternalId bind(String appId, ExternalIdentity identity) {
        Objects.requireNonNull(identity, "externalId");
        if (identity.entityId().getBytes(StandardCharsets.UTF_8).length > MAX_ENTITY_ID_BYTES) {
            throw new IllegalArgumentException("entityId is longer than " + MAX_ENTITY_ID_BYTES + " bytes");
        }
        int size = JacksonJsonCodec.INSTANCE.write(identity.metadata()).length;
        if (size > MAX_METADATA_BYTES) {
            throw new IllegalArgumentException("metadata is " + size + " bytes of JSON; the limit is "
                    + MAX_METADATA_BYTES);
        }
        return new ExternalId(appId, identity.entityId(), identity.metadata());
    }
}
