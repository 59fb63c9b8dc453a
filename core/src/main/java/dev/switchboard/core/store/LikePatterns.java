package dev.switchboard.core.store;

import java.util.Locale;

/** Literal text inside SQL {@code LIKE} patterns. */
final class LikePatterns {
    private LikePatterns() { }

    /** {@code %value%} with the value lowered (any letter, {@link Locale#ROOT}) and taken literally. */
    static String containing(String value) {
        return "%" + literal(value.toLowerCase(Locale.ROOT)) + "%";
    }

    /** {@code value%} with the value lowered and taken literally: names that start with it. */
    static String prefix(String value) {
        return literal(value.toLowerCase(Locale.ROOT)) + "%";
    }

    /** {@code value} with LIKE's wildcards and the escape character escaped, for {@code LIKE ? ESCAPE '\'}. */
    static String literal(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '%' || c == '_') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
