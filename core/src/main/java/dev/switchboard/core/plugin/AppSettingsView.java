package dev.switchboard.core.plugin;

import dev.switchboard.spi.AppSettings;
import dev.switchboard.spi.SettingDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An app's settings: the declared definitions and the values operators stored. Reads come from memory; the host
 * swaps the snapshot after each committed change.
 */
final class AppSettingsView implements AppSettings {
    private final Map<String, SettingDefinition> definitions = new LinkedHashMap<>();
    private volatile Map<String, String> values = Map.of();

    AppSettingsView(List<SettingDefinition> definitions) {
        definitions.forEach(definition -> this.definitions.put(definition.id(), definition));
    }

    void replaceValues(Map<String, String> stored) {
        this.values = Map.copyOf(stored);
    }

    Map<String, String> storedValues() {
        return values;
    }

    Optional<SettingDefinition> definition(String id) {
        return Optional.ofNullable(definitions.get(id));
    }

    List<SettingDefinition> definitions() {
        return List.copyOf(definitions.values());
    }

    /** The required settings that have neither a value nor a default. */
    List<String> missingRequired() {
        return definitions.values().stream()
                .filter(SettingDefinition::required)
                .map(SettingDefinition::id)
                .filter(id -> get(id).isEmpty())
                .toList();
    }

    @Override
    public Optional<String> get(String id) {
        String value = values.get(id);
        if (value != null) {
            return Optional.of(value);
        }
        SettingDefinition definition = definitions.get(id);
        return definition == null ? Optional.empty() : Optional.ofNullable(definition.defaultValue());
    }

    @Override
    public String require(String id) {
        return get(id).orElseThrow(() -> new IllegalStateException("setting " + id + " has no value"));
    }

    @Override
    public boolean getBoolean(String id) {
        return get(id).map(Boolean::parseBoolean).orElse(false);
    }

    @Override
    public long getLong(String id) {
        String value = require(id);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("setting " + id + " is not an integer");
        }
    }
}
