package dev.switchboard.core.plugin;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** External-id metadata is for small app facts (a username, a business number), not documents. */
final class MetadataLimits {
    /** Largest metadata accepted, as JSON. */
    static final int MAX_BYTES = 16 * 1024;
    /** Longest entity id accepted. */
    static final int MAX_ENTITY_ID = 256;

    private MetadataLimits() { }

    static void check(Map<String, Object> metadata) {
        int size = JacksonJsonCodec.INSTANCE.write(metadata).length;
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException("metadata is " + size + " bytes of JSON; the limit is " + MAX_BYTES);
        }
    }

    static void checkEntityId(String entityId) {
        if (entityId.getBytes(StandardCharsets.UTF_8).length > MAX_ENTITY_ID) {
            throw new IllegalArgumentException("entityId is longer than " + MAX_ENTITY_ID + " bytes");
        }
    }
}
