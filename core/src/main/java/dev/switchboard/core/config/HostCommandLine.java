package dev.switchboard.core.config;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Turns arguments and environment into a {@link HostConfig}, or into an exit code with a one-line message. */
public final class HostCommandLine {
    /** Exit code for a bad flag or value, as picocli and most Unix tools use. */
    public static final int USAGE_ERROR = 2;

    private HostCommandLine() { }

    /** A config to run with, or the exit code to leave with (help, version, bad input). */
    public record Parsed(Optional<HostConfig> config, int exitCode) { }

    public static Parsed parse(String[] args, Function<String, String> env, PrintWriter out, PrintWriter err) {
        try {
            HostOptions options = new HostOptions();
            CommandLine commandLine = new CommandLine(options)
                    .setDefaultValueProvider(new EnvironmentDefaults(env, configFileValues(args, env)))
                    .setOut(out).setErr(err);
            CommandLine.ParseResult result = commandLine.parseArgs(args);
            if (CommandLine.printHelpIfRequested(result)) {
                return new Parsed(Optional.empty(), 0);
            }
            return new Parsed(Optional.of(options.toHostConfig(env)), 0);
        } catch (ParameterException | IllegalArgumentException e) {
            err.println("switchboard: " + e.getMessage().lines().findFirst().orElse("invalid arguments")
                    + " (see --help)");
            err.flush();
            return new Parsed(Optional.empty(), USAGE_ERROR);
        }
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
