package dev.switchboard.core.plugin;

import dev.switchboard.spi.AppSettings;
import dev.switchboard.spi.SettingDefinition;
import dev.switchboard.spi.SettingType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An app's settings: the declared definitions and the values operators stored. Reads come from memory; the host
 * swaps the snapshot after each committed change. Public for switchboard-testkit, whose fake settings are this
 * class, so a plugin's unit tests read settings by the host's rules.
 */
public final class AppSettingsView implements AppSettings {
    private final Map<String, SettingDefinition> definitions = new LinkedHashMap<>();
    private volatile Map<String, String> values = Map.of();

    /** Settings with these definitions and no stored values. */
    public AppSettingsView(List<SettingDefinition> definitions) {
        definitions.forEach(definition -> this.definitions.put(definition.id(), definition));
    }

    /** Replaces every stored value (what the store holds after a committed change). */
    public void replaceValues(Map<String, String> stored) {
        this.values = Map.copyOf(stored);
    }

    /** The stored values, without defaults. */
    public Map<String, String> storedValues() {
        return values;
    }

    /** The definition of a declared setting. */
    public Optional<SettingDefinition> definition(String id) {
        return Optional.ofNullable(definitions.get(id));
    }

    /** The declared settings, in declaration order. */
    public List<SettingDefinition> definitions() {
        return List.copyOf(definitions.values());
    }

    /** The required settings that have neither a value nor a default. */
    public List<String> missingRequired() {
        return definitions.values().stream()
                .filter(SettingDefinition::required)
                .map(SettingDefinition::id)
                .filter(id -> get(id).isEmpty())
                .toList();
    }

    @Override
    public Optional<String> get(String id) {
        SettingDefinition definition = declared(id);
        String value = values.get(id);
        return value != null ? Optional.of(value) : Optional.ofNullable(definition.defaultValue());
    }

    @Override
    public String require(String id) {
        return get(id).orElseThrow(() -> new IllegalStateException("setting " + id + " has no value"));
    }

    @Override
    public boolean getBoolean(String id) {
        typed(id, SettingType.BOOLEAN);
        return get(id).map(Boolean::parseBoolean).orElse(false);
    }

    @Override
    public long getLong(String id) {
        typed(id, SettingType.INTEGER);
        String value = require(id);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("setting " + id + " is not an integer");
        }
    }

    /** The SPI's promise: an undeclared id fails loudly instead of reading as unset. */
    private SettingDefinition declared(String id) {
        SettingDefinition definition = definitions.get(id);
        if (definition == null) {
            throw new IllegalArgumentException("the app declared no setting " + id);
        }
        return definition;
    }

    private void typed(String id, SettingType type) {
        if (declared(id).type() != type) {
            throw new IllegalArgumentException("setting " + id + " is not a " + type);
        }
    }
}
