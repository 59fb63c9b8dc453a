package dev.switchboard.core.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies a flag's value when it is not on the command line: first its environment twin, then the config file,
 * then the annotation's default.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    private final Function<String, String> env;
    private final Map<String, String> configFile;
    /** Where each flag's value came from when not from the command line, for error messages. */
    private final Map<String, String> sources = new HashMap<>();

    EnvironmentDefaults(Function<String, String> env, Map<String, String> configFile) {
        this.env = env;
        this.configFile = configFile;
    }

    /** {@code --data-dir} → {@code SWITCHBOARD_DATA_DIR}. */
    static String environmentName(String longFlag) {
        return "SWITCHBOARD_" + longFlag.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option)) {
            return null;
        }
        String flag = option.longestName();
        String fromEnv = env.apply(environmentName(flag));
        if (fromEnv != null && !fromEnv.isEmpty()) {
            sources.put(flag, "environment variable " + environmentName(flag));
            return fromEnv;
        }
        String key = flag.replaceFirst("^--", "");
        String fromFile = configFile.get(key);
        if (fromFile != null) {
            sources.put(flag, "config file key \"" + key + "\"");
            return fromFile;
        }
        return option.defaultValue();
    }

    /** The environment variable or config file key that gave {@code flag} its value; null otherwise. */
    String sourceOf(String flag) {
        return sources.get(flag);
    }
}
