package dev.switchboard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueRecordsTest {

    @ParameterizedTest
    @CsvSource({
        "STRING, '', true",
        "BOOLEAN, true, true",
        "BOOLEAN, false, true",
        "BOOLEAN, TRUE, false",
        "BOOLEAN, yes, false",
        "INTEGER, -42, true",
        "INTEGER, 9223372036854775807, true",
        "INTEGER, 9223372036854775808, false",
        "INTEGER, +1, false",
        "INTEGER, 1e3, false",
        "INTEGER, ' 1', false",
        "INTEGER, '', false",
    })
    void settingTypesAcceptOnlyTheirFormat(SettingType type, String value, boolean accepted) {
        assertEquals(accepted, type.accepts(value));
    }

    @Test
    void settingDefinitionValidatesDefaultAgainstTypeAndDefaultsTheLabel() {
        SettingDefinition timeout = SettingDefinition.builder("timeout-seconds", SettingType.INTEGER)
                .defaultValue("30").required().build();
        assertEquals("timeout-seconds", timeout.label());
        assertTrue(timeout.required());
        assertFalse(timeout.secret());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SettingDefinition.builder("enabled", SettingType.BOOLEAN).defaultValue("yes").build());
        assertTrue(e.getMessage().contains("enabled"), e.getMessage());
    }

    @Test
    void settingIdsAreRestricted() {
        assertThrows(IllegalArgumentException.class,
                () -> SettingDefinition.builder("has space", SettingType.STRING).build());
        assertThrows(IllegalArgumentException.class,
                () -> SettingDefinition.builder("-leading", SettingType.STRING).build());
        assertThrows(IllegalArgumentException.class,
                () -> SettingDefinition.builder("x".repeat(101), SettingType.STRING).build());
        assertThrows(NullPointerException.class, () -> SettingDefinition.builder("ok", null).build());
        SettingDefinition.builder("x".repeat(100), SettingType.STRING).build();
    }

    @Test
    void enableResultRefusalNeedsAReason() {
        assertTrue(EnableResult.ok().enabled());
        assertNull(EnableResult.ok().reason());
        assertEquals("missing token", EnableResult.refuse("missing token").reason());
        assertThrows(IllegalArgumentException.class, () -> EnableResult.refuse(" "));
        assertThrows(IllegalArgumentException.class, () -> new EnableResult(false, null));
    }

    @Test
    void contactDataNormalisesBlanks() {
        assertTrue(ContactData.none().isEmpty());
        assertTrue(new ContactData(" ", "").isEmpty());
        assertEquals(new ContactData("+1 555", null), ContactData.ofPhone("+1 555"));
        assertEquals("a@b.c", ContactData.ofEmail("a@b.c").email());
        assertThrows(IllegalArgumentException.class, () -> ContactData.ofPhone(" "));
        assertThrows(NullPointerException.class, () -> ContactData.ofEmail(null));
    }

    @Test
    void registrationBuilderCopiesAndNormalises() {
        Map<String, String> fields = new HashMap<>(Map.of("plan", "gold"));
        VisitorRegistration.Builder builder = VisitorRegistration.builder(null)
                .name("Ana").email(" ").customFields(fields);
        fields.put("plan", "silver");
        VisitorRegistration registration = builder.build();
        builder.customField("late", "x");

        assertNull(registration.token());
        assertNull(registration.email());
        assertEquals(Map.of("plan", "gold"), registration.customFields());
        assertThrows(NullPointerException.class, () -> VisitorRegistration.builder("t").customField("k", null));
    }

    @Test
    void visitorCopiesCollectionsAndFiltersExternalIdsByApp() {
        List<ExternalId> ids = new ArrayList<>(List.of(
                new ExternalId("whatsapp-bridge", "wa-1", null),
                new ExternalId("telegram-bridge", "tg-1", null),
                new ExternalId("whatsapp-bridge", "wa-2", null)));
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Visitor visitor = new Visitor("v1", "tok", "guest-1", null, null, List.of("+1 555"), null, null,
                null, ids, now, now);
        ids.clear();

        assertEquals(List.of(), visitor.emails());
        assertEquals(Map.of(), visitor.livechatData());
        assertEquals(List.of("wa-1", "wa-2"),
                visitor.externalIdsOf("whatsapp-bridge").stream().map(ExternalId::entityId).toList());
        assertEquals(Optional.empty(), visitor.externalId("telegram-bridge", "wa-1"));
        assertTrue(visitor.externalId("telegram-bridge", "tg-1").isPresent());
        assertThrows(UnsupportedOperationException.class, () -> visitor.phones().add("x"));
        assertThrows(IllegalArgumentException.class,
                () -> new Visitor("v1", " ", "guest-1", null, null, null, null, null, null, null, now, now));
        assertThrows(NullPointerException.class,
                () -> new Visitor("v1", "t", "guest-1", null, null, null, null, null, null, null, now, null));
    }
}
