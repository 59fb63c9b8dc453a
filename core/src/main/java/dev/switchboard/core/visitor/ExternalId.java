package dev.switchboard.core.visitor;

import java.util.Map;
import java.util.Objects;

/** An identity a plugin attached to a visitor: unique per {@code (appId, entityId)}. */
public record ExternalId(String appId, String entityId, Map<String, Object> metadata) {
    public ExternalId {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(entityId, "entityId");
        metadata = metadata == null ? Map.of() : metadata;
    }
}
