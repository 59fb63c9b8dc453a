package dev.switchboard.core.config;

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
            return fromEnv;
        }
        String fromFile = configFile.get(flag.replaceFirst("^--", ""));
        return fromFile != null ? fromFile : option.defaultValue();
    }
}
