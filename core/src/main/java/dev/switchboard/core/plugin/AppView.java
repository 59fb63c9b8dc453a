package dev.switchboard.core.plugin;

import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.SettingDefinition;
import java.util.List;

/**
 * What operators see of an app. Setting values are included as stored; callers must not show secret ones.
 *
 * @param source the jar file it came from
 */
public record AppView(String id, String version, String description, String source, AppStatus status,
                      String statusReason, List<String> endpoints, int registrationHooks, int erasureHooks,
                      long hookFailures, List<Setting> settings) {

    /** A declared setting and its stored value (null when unset; the default then applies). */
    public record Setting(SettingDefinition definition, String value) { }

    static AppView of(InstalledApp app) {
        List<Setting> settings = app.context() == null ? List.of()
                : app.context().settingsView().definitions().stream()
                        .map(definition -> new Setting(definition,
                                app.context().settingsView().storedValues().get(definition.id())))
                        .toList();
        return new AppView(app.id(), app.version(), app.description(), app.source(), app.status(),
                app.statusReason(), app.endpoints().stream().map(AppEndpoint::path).toList(),
                app.registrationHooks().size(), app.erasureHooks().size(), app.hookFailures(), settings);
    }
}
