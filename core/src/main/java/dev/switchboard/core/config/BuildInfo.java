package dev.switchboard.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Version facts written into the jar at build time. */
public final class BuildInfo {
    private static final Properties PROPERTIES = load();

    private BuildInfo() { }

    /** The host's version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return PROPERTIES.getProperty("version", "unknown");
    }

    /** The SPI version plugins' {@code Plugin-Requires} is checked against. */
    public static String spiVersion() {
        return PROPERTIES.getProperty("spi.version", "0.0.0");
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/switchboard-build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** Feeds {@code --version}. */
    public static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"switchboard " + version() + " (plugin SPI " + spiVersion() + ")"};
        }
    }
}
