package dev.switchboard.spi;

import java.util.Objects;

/** Argument checks shared by the SPI records. Not part of the contract. */
final class Checks {

    private Checks() {
    }

    /**
     * Returns {@code value} when it is neither null nor blank.
     *
     * @param value the value to check
     * @param name  the name used in the exception message
     * @return {@code value}
     * @throws NullPointerException     if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is blank
     */
    static String requireNonBlank(String value, String name) {
        Objects.requireNonNull(value, () -> name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /**
     * Returns {@code null} for a null or blank string, otherwise the string unchanged.
     *
     * @param value the value to normalise
     * @return {@code value}, or null if it is blank
     */
    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
