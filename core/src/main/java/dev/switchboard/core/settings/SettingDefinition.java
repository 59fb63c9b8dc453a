package dev.switchboard.core.settings;

import dev.switchboard.core.error.ApiError;
import java.util.List;
import java.util.Objects;

/**
 * One host setting: Rocket.Chat's id, type and default. {@code visibleToAll} is Rocket.Chat's {@code public} flag
 * (readable by every signed-in user, not only admins); a {@code secret} value is never shown to anyone.
 *
 * @param values the allowed values of a {@link SettingType#SELECT}, empty otherwise
 * @param min    the least allowed value of an {@link SettingType#INT}, or null for none
 */
public record SettingDefinition(String id, SettingType type, Object defaultValue, boolean visibleToAll,
                                boolean secret, List<String> values, Integer min) {
    public SettingDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        values = List.copyOf(values);
    }

    /**
     * Checks a value of this setting's type (callers check the type, see {@link SettingType#accepts}):
     * {@code error-invalid-setting-value} for a number below the minimum (Rocket.Chat's words) or a value a select
     * does not offer.
     */
    public Object check(Object value) {
        if (!type.accepts(value)) {
            throw new IllegalArgumentException("Not a " + type + " value for setting " + id);
        }
        if (min != null && (Integer) value < min) {
            throw invalid("Value for setting " + id + " must be greater than or equal to " + min);
        }
        if (type == SettingType.SELECT && !values.contains(value)) {
            throw invalid("Value for setting " + id + " must be one of " + String.join(", ", values));
        }
        return value;
    }

    private static ApiError invalid(String reason) {
        return ApiError.meteor("error-invalid-setting-value", reason);
    }
}
