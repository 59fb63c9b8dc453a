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
import ch.qos.logback.core.ConsoleAppender;
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
