package dev.switchboard.spi;

import java.util.List;
import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * The optional lifecycle of an app. An app is one pf4j plugin; its <b>app id is the plugin id</b>
 * ({@code Plugin-Id} in the jar manifest), assigned by the host, never chosen at run time by the plugin.
 *
 * <p>A plugin has at most one {@code @Extension} implementing this interface; the host refuses to enable a
 * plugin with more than one (status {@code error_disabled}). A plugin without one behaves as if every method
 * had its default: no settings, always enabled.
 *
 * <p><b>Lifecycle.</b> On enable the host first checks the {@link SettingDefinition#required() required}
 * settings (if one has neither a value nor a default, the app stays off with status
 * {@code invalid_settings_disabled} and {@code onEnable} is not called), then calls
 * {@link #onEnable(AppContext)}. Only when it returns {@link EnableResult#ok()} does the host route requests to
 * the app's {@link AppEndpoint}s and call its {@link RegistrationHook}s. A refusal or an exception keeps the app
 * off with status {@code error_disabled} and the refusal's reason or the exception's message.
 * {@link #onDisable(AppContext)} runs when the app is disabled or the host shuts down.
 *
 * <p><b>Threading.</b> The host creates one instance per plugin load and calls these methods one at a time,
 * never on an event-loop thread, with the thread context class loader set to the plugin's class loader. They
 * may run concurrently with the app's endpoints and hooks, so shared state must be thread-safe.
 */
public interface SwitchboardApp extends ExtensionPoint {

    /**
     * Declares the app's settings. Called once per plugin load, before {@link #onEnable(AppContext)}; the
     * result must not change while the plugin is loaded.
     *
     * @return the setting definitions, with unique ids; empty by default
     */
    default List<SettingDefinition> settings() {
        return List.of();
    }

    /**
     * Prepares the app to serve, and may refuse, for example when a setting's value is unusable. Start
     * background work here through {@link AppContext#executor()}.
     *
     * @param context the app's capabilities
     * @return {@link EnableResult#ok()} to enable, or {@link EnableResult#refuse(String)} with a reason
     *         administrators can act on; {@code ok()} by default
     */
    default EnableResult onEnable(AppContext context) {
        return EnableResult.ok();
    }

    /**
     * Releases what {@link #onEnable(AppContext)} acquired. Called only after a successful enable. By the time
     * it is called the host has stopped routing requests and hooks to the app; afterwards it cancels the app's
     * scheduled tasks and stops accepting new ones. Exceptions are logged and ignored.
     *
     * @param context the app's capabilities
     */
    default void onDisable(AppContext context) {
    }

    /**
     * Reacts to a setting change made by an administrator while the app is enabled. Read the new value through
     * {@link AppContext#settings()}. Exceptions are logged; if a {@code required} setting is cleared, the host
     * disables the app instead of calling this method.
     *
     * @param settingId the id of the setting that changed
     * @param context   the app's capabilities
     */
    default void onSettingChanged(String settingId, AppContext context) {
    }

    /**
     * Checks a value an administrator is about to save, before the host stores anything. The host first checks
     * the value against the setting's {@link SettingType}, then calls this for every non-null value of the change
     * (a cleared value is not validated); if any answer is present, nothing of the change is saved and the admin
     * API answers 400 {@code error-app-setting-invalid} with the message. Called whether or not the app is
     * enabled, on a host thread with the plugin's class loader, within the lifecycle time budget; an exception or
     * an overrun refuses the change too.
     *
     * <p>The message is shown to administrators: for a {@link SettingDefinition#secret() secret} setting, never
     * include the value. Check the format here (a token's shape, a URL); a check that needs the network belongs
     * in {@link #onEnable(AppContext)}.
     *
     * @param settingId the setting's id, one the app declared
     * @param value     the value to save, already of the setting's type; never null
     * @return a message saying what is wrong, or empty to accept the value (the default)
     * @since 1.4.0
     */
    default Optional<String> validateSetting(String settingId, String value) {
        return Optional.empty();
    }
}
