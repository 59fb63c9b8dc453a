package dev.switchboard.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A setting an app declares through {@link SwitchboardApp#settings()}. The host persists the values, offers
 * them to administrators, validates them against {@link #type()} and hands them to the app through
 * {@link AppSettings}.
 *
 * @param id           the setting id, unique within the app: 1 to 100 characters from {@code [A-Za-z0-9_.-]},
 *                     starting with a letter or digit
 * @param type         the value type
 * @param required     whether the app cannot be enabled while the setting has neither a value nor a default;
 *                     the host then keeps the app disabled with status {@code invalid_settings_disabled}
 * @param secret       whether the value is sensitive (tokens, passwords): the host masks it in its admin API
 *                     and logs
 * @param defaultValue the value used while none is set, or null; must be valid for {@code type}
 * @param label        a short human-readable name; never null (defaults to {@code id})
 * @param description  help text for administrators, or null
 */
public record SettingDefinition(
        String id,
        SettingType type,
        boolean required,
        boolean secret,
        String defaultValue,
        String label,
        String description) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    /**
     * Validates the components and defaults {@code label} to {@code id}.
     *
     * @param id the id component
     * @param type the type component
     * @param required the required component
     * @param secret the secret component
     * @param defaultValue the defaultValue component
     * @param label the label component
     * @param description the description component
     * @throws NullPointerException     if {@code id} or {@code type} is null
     * @throws IllegalArgumentException if {@code id} has an invalid format or {@code defaultValue} is not valid
     *                                  for {@code type}
     */
    public SettingDefinition {
        Objects.requireNonNull(id, "id must not be null");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("setting id '" + id
                    + "' must be 1-100 characters from [A-Za-z0-9_.-], starting with a letter or digit");
        }
        Objects.requireNonNull(type, "type must not be null");
        if (defaultValue != null && !type.accepts(defaultValue)) {
            throw new IllegalArgumentException(
                    "default value '" + defaultValue + "' of setting " + id + " is not a valid " + type);
        }
        label = label == null || label.isBlank() ? id : label;
    }

    /**
     * Starts a builder for an optional, non-secret setting without default.
     *
     * @param id   the setting id
     * @param type the value type
     * @return a new builder
     */
    public static Builder builder(String id, SettingType type) {
        return new Builder(id, type);
    }

    /** Builds a {@link SettingDefinition}. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private final SettingType type;
        private boolean required;
        private boolean secret;
        private String defaultValue;
        private String label;
        private String description;

        private Builder(String id, SettingType type) {
            this.id = id;
            this.type = type;
        }

        /**
         * Marks the setting required.
         *
         * @return this builder
         */
        public Builder required() {
            this.required = true;
            return this;
        }

        /**
         * Marks the setting secret.
         *
         * @return this builder
         */
        public Builder secret() {
            this.secret = true;
            return this;
        }

        /**
         * Sets the default value.
         *
         * @param defaultValue a value valid for the type, or null for none
         * @return this builder
         */
        public Builder defaultValue(String defaultValue) {
            this.defaultValue = defaultValue;
            return this;
        }

        /**
         * Sets the label.
         *
         * @param label a short human-readable name; null means the id
         * @return this builder
         */
        public Builder label(String label) {
            this.label = label;
            return this;
        }

        /**
         * Sets the description.
         *
         * @param description help text, or null
         * @return this builder
         */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /**
         * Builds the definition.
         *
         * @return a new definition
         * @throws IllegalArgumentException if the id or default value is invalid
         */
        public SettingDefinition build() {
            return new SettingDefinition(id, type, required, secret, defaultValue, label, description);
        }
    }
}
