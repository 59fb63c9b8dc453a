package dev.switchboard.core.plugin;

import java.util.Locale;

/**
 * Why an app is on or off, modelled on Rocket.Chat's AppStatus. Only the two enabled states serve hooks and
 * endpoints; every other state comes with a reason.
 */
public enum AppStatus {
    /** Loaded and enabled at start-up, nobody decided otherwise. */
    AUTO_ENABLED(true),
    /** An operator enabled it. */
    MANUALLY_ENABLED(true),
    /** An operator disabled it. */
    MANUALLY_DISABLED(false),
    /** A required setting has no value; it serves once configured. */
    INVALID_SETTINGS_DISABLED(false),
    /** It refused to enable, threw, or its hooks failed repeatedly. */
    ERROR_DISABLED(false),
    /** The jar could not be loaded: unreadable, corrupt, not a plugin, a duplicate id, no extensions. */
    INVALID_INSTALLATION_DISABLED(false),
    /** Its {@code Plugin-Requires} does not accept this host's SPI version. */
    INCOMPATIBLE_DISABLED(false);

    private final boolean enabled;

    AppStatus(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** True for the states an operator can change by enabling or disabling. */
    public boolean isInstalled() {
        return this != INVALID_INSTALLATION_DISABLED && this != INCOMPATIBLE_DISABLED;
    }

    /** The name used on the wire, e.g. {@code auto_enabled}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
