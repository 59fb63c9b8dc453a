package dev.switchboard.core.config;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * The host's logging unless an operator supplies a logback configuration: one line per event on stdout, UTC
 * timestamps, root level from {@code SWITCHBOARD_LOG_LEVEL} (system property or environment variable; default
 * INFO), and the chatty libraries (Hikari, Flyway, Netty, pf4j) at WARN (Hikari's broken-connection warnings off). {@code --log-format json} switches the
 * lines to one JSON object each once the flags are read ({@link #useFormat}).
 *
 * <p>Built in code rather than from a bundled {@code logback.xml} because reading XML configuration loads an
 * XML parser and logback's model framework: about 0.25 s of every start on a slow 2-core machine. Found by
 * logback through {@code META-INF/services}; it steps aside (letting logback read the file) when
 * {@code -Dlogback.configurationFile} is set or a {@code logback-test.xml} / {@code logback.xml} is on the class
 * path.
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{30} - %msg%n";
    static final String LEVEL_VARIABLE = "SWITCHBOARD_LOG_LEVEL";
    private static final String APPENDER = "STDOUT";
    /** Marks a context this class configured, so an operator's own configuration is never changed. */
    private static final String CONFIGURED_HERE = DefaultLogging.class.getName();
    private static final Map<String, Level> LIBRARY_LEVELS = Map.of(
            "com.zaxxer.hikari", Level.WARN,
            // Its one warning, a connection "marked as broken", carries a stack trace per connection after a
            // database restart; the host logs each lost connection as one line of its own.
            "com.zaxxer.hikari.pool.ProxyConnection", Level.ERROR,
            "org.flywaydb", Level.WARN,
            "io.netty", Level.WARN,
            // Its only ERROR: a file response (over 1 MiB) whose client went away mid-way, with a stack and no
            // message. The same failure reaches the route, which logs it as a client's (a line at debug).
            "io.vertx.core.net.impl.VertxConnection", Level.OFF,
            "org.pf4j", Level.WARN); // the host logs each plugin and its status itself

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public DefaultLogging() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (operatorConfigured()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName(APPENDER);
        stdout.setEncoder(encoder);
        stdout.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel());
        root.addAppender(stdout);
        LIBRARY_LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        context.putObject(CONFIGURED_HERE, Boolean.TRUE);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Writes the host's log lines in {@code format} from now on; nothing changes when an operator configured
     * logback. JSON is logstash-logback-encoder's: one object per line with {@code @timestamp}, {@code level},
     * {@code logger_name}, {@code message}, and the MDC ({@code request_id} while a request is handled).
     */
    public static void useFormat(Observability.LogFormat format) {
        if (format == Observability.LogFormat.TEXT
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)
                || context.getObject(CONFIGURED_HERE) == null
                || !(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER)
                        instanceof ConsoleAppender<ILoggingEvent> stdout)) {
            return;
        }
        Encoder<ILoggingEvent> json = jsonEncoder(context);
        stdout.stop();
        stdout.setEncoder(json);
        stdout.start();
    }

    static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.setTimeZone("UTC");
        encoder.start();
        return encoder;
    }

    private static boolean operatorConfigured() {
        ClassLoader loader = DefaultLogging.class.getClassLoader();
        return System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null
                || loader.getResource(ClassicConstants.TEST_AUTOCONFIG_FILE) != null
                || loader.getResource(ClassicConstants.AUTOCONFIG_FILE) != null;
    }

    private static Level rootLevel() {
        String value = System.getProperty(LEVEL_VARIABLE, System.getenv(LEVEL_VARIABLE));
        return Level.toLevel(value, Level.INFO);
    }
}
