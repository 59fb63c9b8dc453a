package dev.switchboard.core.config;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Turns arguments and environment into a {@link HostConfig}, or into an exit code with a one-line message. */
public final class HostCommandLine {
    /** Exit code for a bad flag or value, as picocli and most Unix tools use. */
    public static final int USAGE_ERROR = 2;
    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    private static final Pattern OPTION_IN_MESSAGE = Pattern.compile("option '(--[a-z-]+)");

    private HostCommandLine() { }

    /** A config to run with, or the exit code to leave with (help, version, bad input). */
    public record Parsed(Optional<HostConfig> config, int exitCode) { }

    public static Parsed parse(String[] args, Function<String, String> env, PrintWriter out, PrintWriter err) {
        EnvironmentDefaults defaults = null;
        try {
            HostOptions options = new HostOptions();
            CommandLine commandLine = options.commandLine().setOut(out).setErr(err);
            Map<String, String> file = configFileValues(args, env);
            rejectUnknownKeys(file, commandLine);
            defaults = new EnvironmentDefaults(env, file);
            commandLine.setDefaultValueProvider(defaults);
            CommandLine.ParseResult result = commandLine.parseArgs(args);
            if (CommandLine.printHelpIfRequested(result)) {
                return new Parsed(Optional.empty(), 0);
            }
            checkLogLevel(env.apply(DefaultLogging.LEVEL_VARIABLE));
            return new Parsed(Optional.of(options.toHostConfig(env)), 0);
        } catch (ParameterException | IllegalArgumentException e) {
            String message = e.getMessage().lines().findFirst().orElse("invalid arguments");
            err.println("switchboard: " + message + source(message, args, defaults) + " (see --help)");
            err.flush();
            return new Parsed(Optional.empty(), USAGE_ERROR);
        }
    }

    /** A key that names no flag is a mistake (a typo would otherwise be ignored silently). */
    private static void rejectUnknownKeys(Map<String, String> file, CommandLine commandLine) {
        for (String key : file.keySet()) {
            if (key.equals("config") || !commandLine.getCommandSpec().optionsMap().containsKey("--" + key)
                    || key.equals("help") || key.equals("version")) {
                throw new IllegalArgumentException("Unknown key \"" + key + "\" in the config file (its keys are "
                        + "flag names without --, e.g. \"data-dir\")");
            }
        }
    }

    /** logback reads the level itself (DefaultLogging); a value it would ignore is refused here instead. */
    private static void checkLogLevel(String value) {
        if (value != null && !LOG_LEVELS.contains(value.trim().toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Invalid value for environment variable "
                    + DefaultLogging.LEVEL_VARIABLE + ": '" + value + "' (use TRACE, DEBUG, INFO, WARN, ERROR or OFF)");
        }
    }

    /** " (from environment variable SWITCHBOARD_PORT)" when the bad value did not come from the command line. */
    private static String source(String message, String[] args, EnvironmentDefaults defaults) {
        Matcher option = OPTION_IN_MESSAGE.matcher(message);
        if (defaults == null || !option.find()) {
            return "";
        }
        String flag = option.group(1);
        for (String arg : args) {
            if (arg.equals(flag) || arg.startsWith(flag + "=")) {
                return "";
            }
        }
        String source = defaults.sourceOf(flag);
        return source == null ? "" : " (from " + source + ")";
    }

    /** The config file is itself named by a flag, so it is found before the real parse. */
    private static Map<String, String> configFileValues(String[] args, Function<String, String> env) {
        String path = env.apply("SWITCHBOARD_CONFIG");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                path = args[i].substring("--config=".length());
            }
        }
        return path == null || path.isEmpty() ? Map.of() : ConfigFile.read(Path.of(path));
    }
}
