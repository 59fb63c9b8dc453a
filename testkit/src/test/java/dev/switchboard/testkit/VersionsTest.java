package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.switchboard.spi.SpiVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The one version users name, and the SPI version it carries, as the build resolved them. */
class VersionsTest {

    @Test
    void switchboardVersionIsTheArtifactsVersionAndTheSpiVersionIsSpiVersion() throws IOException {
        Properties versions = new Properties();
        try (InputStream in = VersionsTest.class.getResourceAsStream("/kit-versions.properties")) {
            assertNotNull(in, "kit-versions.properties missing from the test class path");
            versions.load(in);
        }
        assertEquals(versions.getProperty("project.version"), versions.getProperty("switchboard.version"),
                "the root POM's switchboard.version must equal its <version>: outside plugins get artifacts by it");
        assertEquals(SpiVersion.VERSION, versions.getProperty("spi.version"));
    }
}
