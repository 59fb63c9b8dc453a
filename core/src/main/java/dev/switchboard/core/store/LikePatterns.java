package dev.switchboard.core.store;

/** Literal text inside SQL {@code LIKE} patterns. */
final class LikePatterns {
    private LikePatterns() { }

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
