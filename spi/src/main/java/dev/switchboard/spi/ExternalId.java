package dev.switchboard.spi;

import java.util.Map;

/**
 * An external identity as the host stores and returns it: the id a channel (app) knows a visitor by,
 * for example a WhatsApp phone-number id, together with the app that owns it.
 *
 * <p>The pair ({@code appId}, {@code entityId}) is unique across all visitors: one app's entity id belongs
 * to at most one visitor. Apps never build this type to write data; they pass an {@link ExternalIdentity}
 * and the host adds their app id, so no app can speak for another.
 *
 * <p><b>Metadata rules</b> (shared with {@link ExternalIdentity}): values may be {@code String},
 * {@code Boolean}, a boxed number ({@code Integer}, {@code Long}, {@code Short}, {@code Byte},
 * {@code Double}, {@code Float}), {@code BigInteger}, {@code BigDecimal}, or nested {@code Map<String, ?>} /
 * {@code List<?>} of those. <b>Null map values are dropped</b> (at every nesting level, so a key with a null
 * value is the same as an absent key); null keys and null list elements are rejected with
 * {@link NullPointerException}; NaN, infinities and other types are rejected with
 * {@link IllegalArgumentException}. The stored copy is deep, immutable and keeps insertion order.
 *
 * @param appId    the owning app's id (the pf4j plugin id); never blank
 * @param entityId the app's id for the visitor; never blank
 * @param metadata JSON-like data the app attached; never null (null becomes an empty map)
 */
public record ExternalId(String appId, String entityId, Map<String, Object> metadata) {

    /**
     * Validates and copies the components.
     *
     * @param appId the appId component
     * @param entityId the entityId component
     * @param metadata the metadata component
     * @throws NullPointerException     if {@code appId} or {@code entityId} is null, or metadata holds a null
     *                                  key or list element
     * @throws IllegalArgumentException if {@code appId} or {@code entityId} is blank, or metadata holds an
     *                                  unsupported value
     */
    public ExternalId {
        Checks.requireNonBlank(appId, "appId");
        Checks.requireNonBlank(entityId, "entityId");
        metadata = JsonValues.copyObject(metadata, "metadata");
    }

    /**
     * Returns the identity part of this entry, without the app id.
     *
     * @return an {@link ExternalIdentity} with the same entity id and metadata
     */
    public ExternalIdentity identity() {
        return new ExternalIdentity(entityId, metadata);
    }
}
