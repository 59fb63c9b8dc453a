package dev.switchboard.spi;

/**
 * The version of this SPI, following Semantic Versioning: a minor version adds to the contract, a major
 * version breaks it.
 *
 * <p>Plugins declare the range they were built for in their manifest, normally
 * {@code Plugin-Requires: >=1.5.0 & <2.0.0} (the {@code switchboard-plugin-parent} POM writes it from the
 * {@code plugin.requires} property). The host calls pf4j's {@code PluginManager.setSystemVersion(SpiVersion.VERSION)};
 * without that call pf4j skips the check. A plugin whose range excludes this version is not loaded.
 *
 * <p>{@link #VERSION} must equal the {@code switchboard.spi.version} property of the root POM; a unit test
 * compares the two.
 */
public final class SpiVersion {

    /** The SPI version, for example {@code "1.0.0"}. */
    public static final String VERSION = "1.5.0";

    private SpiVersion() {
    }
}
