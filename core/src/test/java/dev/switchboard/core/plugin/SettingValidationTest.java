package dev.switchboard.core.plugin;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.core.error.ApiError;
import dev.switchboard.spi.SettingDefinition;
import dev.switchboard.spi.SettingType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingValidationTest {
    private final AppSettingsView settings = new AppSettingsView(List.of(
            SettingDefinition.builder("apiKey", SettingType.STRING).required().secret().build(),
            SettingDefinition.builder("pin", SettingType.INTEGER).secret().build(),
            SettingDefinition.builder("verbose", SettingType.BOOLEAN).build(),
            SettingDefinition.builder("retries", SettingType.INTEGER).build()));

    @Test
    void acceptsValuesOfTheDeclaredTypeAndNullToClear() {
        Map<String, String> changes = new HashMap<>();
        changes.put("apiKey", "k");
        changes.put("verbose", "true");
        changes.put("retries", "3");
        changes.put("pin", null);
        assertDoesNotThrow(() -> SettingValidation.check(settings, changes));
    }

    @Test
    void refusesUnknownSettings() {
        ApiError error = assertThrows(ApiError.class,
                () -> SettingValidation.check(settings, Map.of("nope", "x")));
        assertEquals(400, error.status());
        assertEquals("error-app-setting-unknown", error.errorType());
    }

    @Test
    void refusesWrongTypesNamingTheValueOnlyWhenNotSecret() {
        ApiError plain = assertThrows(ApiError.class,
                () -> SettingValidation.check(settings, Map.of("retries", "many")));
        assertEquals(400, plain.status());
        assertEquals("error-app-setting-invalid", plain.errorType());
        ApiError secret = assertThrows(ApiError.class,
                () -> SettingValidation.check(settings, Map.of("pin", "hunter2")));
        assertFalse(secret.getMessage().contains("hunter2"), secret.getMessage());
        assertThrows(ApiError.class, () -> SettingValidation.check(settings, Map.of("verbose", "yes")));
    }

    @Test
    void refusesOverlongValues() {
        assertThrows(ApiError.class, () -> SettingValidation.check(settings,
                Map.of("apiKey", "x".repeat(SettingValidation.MAX_VALUE_LENGTH + 1))));
    }
}
