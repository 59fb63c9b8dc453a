package dev.switchboard.core.plugin;

import dev.switchboard.core.error.ApiError;
import dev.switchboard.spi.SettingDefinition;
import java.util.Map;

/**
 * Checks operators' setting values against what the app declared. Secret values are never echoed. Public for
 * switchboard-testkit's fake settings.
 */
public final class SettingValidation {
    static final int MAX_VALUE_LENGTH = 8192;

    private SettingValidation() { }

    /**
     * Refuses, before anything is stored, a change naming an undeclared setting or holding a value of the wrong
     * type or length ({@code null} clears a value and is always accepted).
     *
     * @throws ApiError 400 {@code error-app-setting-unknown} or {@code error-app-setting-invalid}
     */
    public static void check(AppSettingsView settings, Map<String, String> changes) {
        for (Map.Entry<String, String> change : changes.entrySet()) {
            SettingDefinition definition = settings.definition(change.getKey()).orElseThrow(() ->
                    ApiError.meteor("error-app-setting-unknown", "The app has no setting " + change.getKey()));
            String value = change.getValue();
            if (value == null) {
                continue;
            }
            if (value.length() > MAX_VALUE_LENGTH) {
                throw ApiError.meteor("error-app-setting-invalid",
                        "Setting " + definition.id() + " is longer than " + MAX_VALUE_LENGTH + " characters");
            }
            if (!definition.type().accepts(value)) {
                throw ApiError.meteor("error-app-setting-invalid", "Setting " + definition.id() + " must be a "
                        + definition.type().name().toLowerCase(java.util.Locale.ROOT)
                        + (definition.secret() ? "" : ", not '" + value + "'"));
            }
        }
    }
}
