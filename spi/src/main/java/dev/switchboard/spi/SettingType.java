package dev.switchboard.spi;

/**
 * The type of a {@link SettingDefinition}. Setting values cross the API boundary (admin API, storage, defaults)
 * as strings; the type fixes which strings are valid.
 */
public enum SettingType {

    /** Any string, including the empty string. */
    STRING,

    /** Exactly {@code "true"} or {@code "false"} (lower case). */
    BOOLEAN,

    /**
     * A decimal integer that fits in a {@code long}: an optional leading {@code -} followed by ASCII digits,
     * for example {@code "30"} or {@code "-1"}. No plus sign, spaces, separators or exponent.
     */
    INTEGER;

    /**
     * Tells whether a string is a valid value of this type.
     *
     * @param value the candidate value; null is never valid
     * @return true if {@code value} has this type's format
     */
    public boolean accepts(String value) {
        if (value == null) {
            return false;
        }
        switch (this) {
            case STRING:
                return true;
            case BOOLEAN:
                return value.equals("true") || value.equals("false");
            case INTEGER:
                if (!value.matches("-?[0-9]+")) {
                    return false;
                }
                try {
                    Long.parseLong(value);
                    return true;
                } catch (NumberFormatException tooLarge) {
                    return false;
                }
            default:
                throw new AssertionError(this);
        }
    }
}
