package dev.switchboard.core.config;

import java.util.Locale;

/** Flag values that name an enum constant by its lower-case name ({@code --sqlite-sync full}). */
final class WireNames {
    private WireNames() { }

    /** The constant's flag spelling. */
    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The constant {@code value} names (any case, surrounding spaces ignored); else an error listing the names. */
    static <E extends Enum<E>> E parse(E[] constants, String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (E constant : constants) {
            if (of(constant).equals(wanted)) {
                return constant;
            }
        }
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < constants.length; i++) {
            names.append(i == 0 ? "" : i == constants.length - 1 ? " or " : ", ").append(of(constants[i]));
        }
        throw new IllegalArgumentException("'" + value + "' is not " + names);
    }
}
