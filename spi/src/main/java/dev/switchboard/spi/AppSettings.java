package dev.switchboard.spi;

import java.util.Optional;

/**
 * Read access to the current values of the settings an app declared in {@link SwitchboardApp#settings()}.
 * Values are strings in the formats described on {@link SettingType}; the host validates them before storing,
 * so a stored value always matches its setting's type. Reads see the latest saved value; the implementation
 * is thread-safe.
 *
 * <p>Every method throws {@link IllegalArgumentException} for an id the app did not declare, so a typo fails
 * loudly instead of reading as unset.
 */
public interface AppSettings {

    /**
     * Returns a setting's value, or its default when no value is set.
     *
     * @param id the setting id
     * @return the value or default, or empty when neither exists
     * @throws IllegalArgumentException if the app declared no setting with that id
     */
    Optional<String> get(String id);

    /**
     * Returns a setting's value or default, failing when neither exists.
     *
     * @param id the setting id
     * @return the value or default
     * @throws IllegalStateException    naming the id, if the setting has neither a value nor a default
     * @throws IllegalArgumentException if the app declared no setting with that id
     */
    String require(String id);

    /**
     * Returns a {@link SettingType#BOOLEAN} setting; an unset setting without default reads as {@code false}.
     *
     * @param id the setting id
     * @return the value
     * @throws IllegalArgumentException if the app declared no setting with that id, or it is not a BOOLEAN
     */
    boolean getBoolean(String id);

    /**
     * Returns an {@link SettingType#INTEGER} setting.
     *
     * @param id the setting id
     * @return the value
     * @throws IllegalStateException    naming the id, if the setting has neither a value nor a default
     * @throws IllegalArgumentException if the app declared no setting with that id, or it is not an INTEGER
     */
    long getLong(String id);
}
