package dev.switchboard.core.config;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code on|off} (and the usual boolean spellings) into a boolean. */
final class OnOffConverter implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1" -> true;
            case "off", "false", "no", "0" -> false;
            default -> throw new TypeConversionException("'" + value + "' is not on or off");
        };
    }
}
