package dev.switchboard.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DefaultLoggingTest {
    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void clearProperties() {
        System.clearProperty(DefaultLogging.LEVEL_VARIABLE);
        System.clearProperty(ClassicConstants.CONFIG_FILE_PROPERTY);
    }

    private ExecutionStatus configure() {
        DefaultLogging logging = new DefaultLogging();
        logging.setContext(context);
        return logging.configure(context);
    }

    @Test
    void logbackFindsItAsAService() {
        assertTrue(ServiceLoader.load(Configurator.class).stream()
                .anyMatch(provider -> provider.type() == DefaultLogging.class));
    }

    @Test
    void writesOneLinePerEventToStdoutWithLibrariesQuieter() {
        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configure());
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        ConsoleAppender<ILoggingEvent> stdout = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDOUT"));
        assertTrue(stdout.isStarted());
        assertEquals(DefaultLogging.PATTERN, ((PatternLayoutEncoder) stdout.getEncoder()).getPattern());
        assertEquals(Level.WARN, context.getLogger("org.flywaydb").getLevel());
        assertEquals(Level.WARN, context.getLogger("com.zaxxer.hikari").getLevel());
        assertEquals(Level.WARN, context.getLogger("io.netty.channel").getEffectiveLevel());
        assertEquals(Level.WARN, context.getLogger("org.pf4j").getLevel(), "the host logs plugins itself");
    }

    @Test
    void jsonLinesAreOneObjectEachWithTheRequestId() throws Exception {
        configure();
        Logger logger = context.getLogger("switchboard.access");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "GET {} 200", null,
                new Object[] {"/api/info"});
        event.setMDCPropertyMap(Map.of("request_id", "r-1"));
        String line = new String(DefaultLogging.jsonEncoder(context).encode(event), StandardCharsets.UTF_8);
        assertEquals(1, line.strip().lines().count(), line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("GET /api/info 200", json.get("message").asText());
        assertEquals("r-1", json.get("request_id").asText());
        assertEquals("INFO", json.get("level").asText());
        assertEquals("switchboard.access", json.get("logger_name").asText());
        assertTrue(json.get("@timestamp").asText().endsWith("Z"), json.toString());
    }

    @Test
    void rootLevelComesFromSwitchboardLogLevel() {
        System.setProperty(DefaultLogging.LEVEL_VARIABLE, "debug");
        configure();
        assertEquals(Level.DEBUG, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
    }

    @Test
    void stepsAsideForAnOperatorsConfigurationFile() {
        System.setProperty(ClassicConstants.CONFIG_FILE_PROPERTY, "/etc/switchboard/logback.xml");
        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, configure());
        assertFalse(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext());
    }
}
