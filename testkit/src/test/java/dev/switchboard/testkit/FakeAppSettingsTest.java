package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.SettingDefinition;
import dev.switchboard.spi.SettingType;
import dev.switchboard.spi.SwitchboardApp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FakeAppSettingsTest {
    /** A required secret token that must start with "t-", and an integer with a default. */
    static final class App implements SwitchboardApp {
        @Override
        public List<SettingDefinition> settings() {
            return List.of(SettingDefinition.builder("token", SettingType.STRING).required().secret().build(),
                    SettingDefinition.builder("retries", SettingType.INTEGER).defaultValue("3").build());
        }

        @Override
        public Optional<String> validateSetting(String settingId, String value) {
            return settingId.equals("token") && !value.startsWith("t-")
                    ? Optional.of("The token starts with t-") : Optional.empty();
        }
    }

    private final FakeAppSettings settings = new FakeAppSettings(new App());

    @Test
    void readsFollowTheHostDefaultsRequiredAndUndeclaredIds() {
        assertEquals(List.of("token"), settings.missingRequired());
        assertEquals(3, settings.getLong("retries"));
        assertThrows(IllegalStateException.class, () -> settings.require("token"));
        assertThrows(IllegalArgumentException.class, () -> settings.get("tokn"), "a typo fails loudly");
        assertThrows(IllegalArgumentException.class, () -> settings.getBoolean("retries"), "not a BOOLEAN");
        settings.save("token", "t-1");
        assertEquals("t-1", settings.require("token"));
        assertTrue(settings.missingRequired().isEmpty());
    }

    @Test
    void aRefusedChangeSavesNothingAndCarriesTheAdminApisMessage() {
        SettingRefusedException wrongType = assertThrows(SettingRefusedException.class,
                () -> settings.save(Map.of("token", "t-2", "retries", "many")));
        assertEquals("error-app-setting-invalid", wrongType.errorType());
        SettingRefusedException byApp = assertThrows(SettingRefusedException.class,
                () -> settings.save(Map.of("token", "secret-value", "retries", "5")));
        assertEquals("The token starts with t-", byApp.getMessage());
        assertFalse(byApp.getMessage().contains("secret-value"));
        assertEquals(3, settings.getLong("retries"), "nothing of either change was saved");
        SettingRefusedException unknown = assertThrows(SettingRefusedException.class,
                () -> settings.save("nope", "x"));
        assertEquals("error-app-setting-unknown", unknown.errorType());
        assertFalse(settings.toString().contains("t-"), "no values in toString");
    }
}
