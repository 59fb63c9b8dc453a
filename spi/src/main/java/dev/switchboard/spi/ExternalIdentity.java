package dev.switchboard.spi;

import java.util.Map;

/**
 * An external identity as an app passes it to the host: an entity id plus metadata, <b>without</b> an app id.
 * The host binds it to the calling app's id, so an app can only read and write its own entries.
 *
 * <p>Metadata follows the rules described on {@link ExternalId}: JSON-like values only, null map values are
 * dropped, null keys and null list elements are rejected; the copy is deep and immutable.
 *
 * @param entityId the app's id for the visitor, for example a channel user id; never blank
 * @param metadata JSON-like data stored with the entry; never null (null becomes an empty map)
 */
public record ExternalIdentity(String entityId, Map<String, Object> metadata) {

    /**
     * Validates and copies the components.
     *
     * @param entityId the entityId component
     * @param metadata the metadata component
     * @throws NullPointerException     if {@code entityId} is null, or metadata holds a null key or list element
     * @throws IllegalArgumentException if {@code entityId} is blank, or metadata holds an unsupported value
     */
    public ExternalIdentity {
        Checks.requireNonBlank(entityId, "entityId");
        metadata = JsonValues.copyObject(metadata, "metadata");
    }

    /**
     * Creates an identity without metadata.
     *
     * @param entityId the app's id for the visitor; never blank
     * @return a new identity with empty metadata
     */
    public static ExternalIdentity of(String entityId) {
        return new ExternalIdentity(entityId, Map.of());
    }
}
