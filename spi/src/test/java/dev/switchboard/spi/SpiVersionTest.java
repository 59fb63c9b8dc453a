package dev.switchboard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SpiVersionTest {

    @Test
    void matchesTheRootPomProperty() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = SpiVersionTest.class.getResourceAsStream("/spi-version.properties")) {
            assertNotNull(in, "spi-version.properties missing from the test classpath");
            properties.load(in);
        }
        String fromPom = properties.getProperty("switchboard.spi.version");
        assertTrue(fromPom != null && !fromPom.contains("${"), "resource filtering did not run: " + fromPom);
        assertEquals(fromPom, SpiVersion.VERSION,
                "SpiVersion.VERSION must equal the root pom's switchboard.spi.version");
    }

    @Test
    void isPlainSemVer() {
        assertTrue(SpiVersion.VERSION.matches("\\d+\\.\\d+\\.\\d+"), SpiVersion.VERSION);
    }
}
