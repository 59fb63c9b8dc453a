package dev.switchboard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalIdTest {

    @Test
    void rejectsBlankIds() {
        assertThrows(IllegalArgumentException.class, () -> new ExternalId(" ", "e1", null));
        assertThrows(IllegalArgumentException.class, () -> new ExternalId("app", "", null));
        assertThrows(NullPointerException.class, () -> new ExternalId("app", null, null));
        assertThrows(IllegalArgumentException.class, () -> new ExternalIdentity("\t", null));
        assertThrows(NullPointerException.class, () -> ExternalIdentity.of(null));
    }

    @Test
    void nullMetadataBecomesEmpty() {
        assertEquals(Map.of(), new ExternalId("app", "e1", null).metadata());
        assertEquals(Map.of(), ExternalIdentity.of("e1").metadata());
    }

    @Test
    void metadataIsADeepImmutableCopy() {
        List<Object> tags = new ArrayList<>(List.of("a"));
        Map<String, Object> inner = new HashMap<>(Map.of("tags", tags));
        Map<String, Object> source = new HashMap<>(Map.of("profile", inner));

        ExternalIdentity identity = new ExternalIdentity("e1", source);
        tags.add("b");
        inner.put("x", 1);
        source.put("y", 2);

        assertEquals(Map.of("profile", Map.of("tags", List.of("a"))), identity.metadata());
        @SuppressWarnings("unchecked")
        Map<String, Object> copiedInner = (Map<String, Object>) identity.metadata().get("profile");
        assertThrows(UnsupportedOperationException.class, () -> identity.metadata().put("z", 1));
        assertThrows(UnsupportedOperationException.class, () -> copiedInner.put("z", 1));
        assertThrows(UnsupportedOperationException.class,
                () -> ((List<?>) copiedInner.get("tags")).clear());
    }

    @Test
    void nullMapValuesAreDroppedAtEveryLevel() {
        Map<String, Object> inner = new HashMap<>();
        inner.put("gone", null);
        inner.put("kept", true);
        Map<String, Object> source = new HashMap<>();
        source.put("gone", null);
        source.put("inner", inner);

        Map<String, Object> metadata = new ExternalIdentity("e1", source).metadata();

        assertFalse(metadata.containsKey("gone"));
        assertEquals(Map.of("kept", true), metadata.get("inner"));
    }

    @Test
    void nullListElementsAreRejectedWithTheirPath() {
        List<Object> list = new ArrayList<>();
        list.add("a");
        list.add(null);
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> new ExternalIdentity("e1", Map.of("tags", list)));
        assertTrue(e.getMessage().contains("metadata.tags[1]"), e.getMessage());
    }

    @Test
    void nonJsonValuesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExternalIdentity("e1", Map.of("when", new Object())));
        assertTrue(e.getMessage().contains("metadata.when"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ExternalIdentity("e1", Map.of("n", Double.NaN)));
        assertThrows(IllegalArgumentException.class,
                () -> new ExternalIdentity("e1", Map.of("m", Map.of(1, "non-string key"))));
    }

    @Test
    void keepsNumbersAndInsertionOrder() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("z", 1L);
        source.put("a", new BigDecimal("1.50"));
        source.put("m", 2.5);

        Map<String, Object> metadata = new ExternalIdentity("e1", source).metadata();

        assertEquals(List.of("z", "a", "m"), List.copyOf(metadata.keySet()));
        assertEquals(new BigDecimal("1.50"), metadata.get("a"));
    }

    @Test
    void identityDropsOnlyTheAppId() {
        ExternalId id = new ExternalId("whatsapp-bridge", "wa-1", Map.of("k", "v"));
        assertEquals(new ExternalIdentity("wa-1", Map.of("k", "v")), id.identity());
    }
}
