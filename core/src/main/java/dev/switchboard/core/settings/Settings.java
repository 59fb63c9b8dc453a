package dev.switchboard.core.settings;

import java.util.HashMap;
import java.util.Map;

/**
 * One immutable snapshot of every host setting's value: what an admin set, else the default. Readers take the
 * current snapshot from {@link SettingsService#current()} and read it without touching the database.
 */
public final class Settings {
    private final Map<String, Object> values;

    private Settings(Map<String, Object> values) {
        this.values = values;
    }

    /** Every setting at its default, overlaid with {@code changed} (id → parsed value). */
    static Settings of(Map<String, Object> changed) {
        Map<String, Object> values = new HashMap<>();
        for (SettingDefinition definition : SettingDefinitions.all()) {
            values.put(definition.id(), changed.getOrDefault(definition.id(), definition.defaultValue()));
        }
        return new Settings(Map.copyOf(values));
    }

    /** This snapshot with one setting changed. */
    Settings with(String id, Object value) {
        Map<String, Object> copy = new HashMap<>(values);
        copy.put(id, value);
        return new Settings(Map.copyOf(copy));
    }

    /** The value (Boolean, Integer or String) of a defined setting. */
    public Object value(String id) {
        Object value = values.get(id);
        if (value == null) {
            throw new IllegalArgumentException("No setting " + id);
        }
        return value;
    }

    public boolean bool(String id) {
        return (Boolean) value(id);
    }

    public int integer(String id) {
        return (Integer) value(id);
    }

    public String text(String id) {
        return (String) value(id);
    }
}
