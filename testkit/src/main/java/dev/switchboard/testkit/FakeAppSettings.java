package dev.switchboard.testkit;

import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.plugin.AppSettingsView;
import dev.switchboard.core.plugin.SettingValidation;
import dev.switchboard.spi.AppSettings;
import dev.switchboard.spi.SettingDefinition;
import dev.switchboard.spi.SwitchboardApp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An app's settings as an operator would save them, with the host's rules: reads are the host's own
 * ({@link AppSettingsView}: defaults, an undeclared id throws), and {@link #save(Map)} refuses what the admin API
 * refuses (an undeclared id, a value of the wrong type, then the app's own
 * {@link SwitchboardApp#validateSetting(String, String)}), storing nothing of a refused change. Secret settings
 * are stored like the others; the host never shows their values to operators, and neither does
 * {@link #toString()}.
 */
public final class FakeAppSettings implements AppSettings {
    private final AppSettingsView view;
    private final SwitchboardApp app;

    /**
     * Settings of {@code app}, as declared by its {@link SwitchboardApp#settings()}, with no values saved.
     *
     * @param app the app
     */
    public FakeAppSettings(SwitchboardApp app) {
        this.app = app;
        this.view = new AppSettingsView(app.settings());
    }

    /**
     * Saves values as {@code POST /api/apps/{id}/settings} does: all or nothing. A {@code null} value clears one.
     *
     * @param changes the values by setting id
     * @return this
     * @throws SettingRefusedException with the admin API's message, when the host would answer 400
     */
    public FakeAppSettings save(Map<String, String> changes) {
        try {
            SettingValidation.check(view, changes);
        } catch (ApiError refused) {
            throw new SettingRefusedException(refused.errorType(), refused.getMessage());
        }
        for (Map.Entry<String, String> change : changes.entrySet()) {
            if (change.getValue() != null) {
                Optional<String> problem = app.validateSetting(change.getKey(), change.getValue());
                if (problem.isPresent()) {
                    throw new SettingRefusedException("error-app-setting-invalid", problem.get());
                }
            }
        }
        Map<String, String> next = new HashMap<>(view.storedValues());
        changes.forEach((id, value) -> {
            if (value == null) {
                next.remove(id);
            } else {
                next.put(id, value);
            }
        });
        view.replaceValues(next);
        return this;
    }

    /**
     * Saves one value, like {@link #save(Map)}.
     *
     * @param id    the setting id
     * @param value the value, or null to clear it
     * @return this
     * @throws SettingRefusedException when the host would refuse it
     */
    public FakeAppSettings save(String id, String value) {
        Map<String, String> change = new HashMap<>();
        change.put(id, value);
        return save(change);
    }

    /**
     * Returns the required settings that have neither a value nor a default: while any is missing the host keeps
     * the app in {@code invalid_settings_disabled} and does not call {@code onEnable}.
     *
     * @return the ids
     */
    public List<String> missingRequired() {
        return view.missingRequired();
    }

    /**
     * Returns the declared settings.
     *
     * @return the definitions, in declaration order
     */
    public List<SettingDefinition> definitions() {
        return view.definitions();
    }

    @Override
    public Optional<String> get(String id) {
        return view.get(id);
    }

    @Override
    public String require(String id) {
        return view.require(id);
    }

    @Override
    public boolean getBoolean(String id) {
        return view.getBoolean(id);
    }

    @Override
    public long getLong(String id) {
        return view.getLong(id);
    }

    @Override
    public String toString() {
        return "FakeAppSettings" + view.storedValues().keySet();
    }
}
